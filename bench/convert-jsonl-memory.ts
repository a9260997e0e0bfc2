// `node --import tsx bench/convert-jsonl-memory.ts [--mb 1024] [--reference-mb 200] [--kinds text,tokens,features]`:
// peak memory (maxRSS) and time of converting a large JSONL file with convertJsonlFile (the API's
// path for jsonl uploads, in 8 MiB chunks), beside the in-memory parser (parseJsonlDataset +
// computeDatasetStats + encodeDataset, the path before it) on a smaller file, for each kind of line.
//
// It writes generated files (the shared fixtures' lines, a block repeated) into a temp dir, runs
// each conversion in its own child process, one after the other, and prints a markdown table. The
// data is deleted at the end.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { computeDatasetStats, convertJsonlFile, encodeDataset, parseJsonlDataset } from "@trainyard/datasets";
import { makeFeatureJsonl, makeKeywordTextDataset, makeTokenDataset } from "../tests/fixtures/jsonl.js";

const mebibyte = 1024 * 1024;
type Kind = "text" | "tokens" | "features";
type Mode = "convert" | "parse";

/** What one child reports. */
interface ChildResult {
  count: number;
  featureShape: number[];
  seconds: number;
  maxRssBytes: number;
}

const { values: args } = parseArgs({
  options: {
    mb: { type: "string", default: "1024" },
    "reference-mb": { type: "string", default: "200" },
    kinds: { type: "string", default: "text,tokens,features" },
    child: { type: "string" },
    file: { type: "string" },
    dir: { type: "string" },
  },
});

if (args.child !== undefined) {
  const result = await runChild(args.child as Mode, args.file ?? "", args.dir ?? "");
  process.stdout.write(JSON.stringify(result));
} else {
  await runParent(Number(args.mb), Number(args["reference-mb"]), args.kinds.split(",") as Kind[]);
}

async function runParent(mb: number, referenceMb: number, kinds: Kind[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "trainyard-bench-jsonl-"));
  const rows: string[] = [];
  try {
    for (const kind of kinds) {
      for (const [mode, size] of [["convert", mb], ["parse", referenceMb]] as const) {
        const file = join(dir, `${kind}-${size}.jsonl`);
        await writeJsonl(file, kind, size * mebibyte);
        const bytes = (await stat(file)).size;
        const work = join(dir, `work-${kind}-${mode}`);
        await mkdir(work);
        const result = await spawnChild(mode, file, work);
        rows.push(
          `| ${kind} | ${mode === "convert" ? "convertJsonlFile (8 MiB chunks)" : "parseJsonlDataset + stats + encodeDataset"} | ${(bytes / mebibyte).toFixed(0)} | ` +
            `${result.count.toLocaleString("en-US")} | [${result.featureShape.join(", ")}] | ${result.seconds.toFixed(1)} | ${(result.maxRssBytes / mebibyte).toFixed(0)} |`,
        );
        await rm(work, { recursive: true, force: true });
        await rm(file, { force: true });
      }
    }
    console.log("| kind | path | file MiB | samples | featureShape | seconds | peak RSS MiB |");
    console.log("| --- | --- | ---: | ---: | --- | ---: | ---: |");
    for (const row of rows) console.log(row);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A block of fixture lines (about 1 MB), repeated until the file holds `bytes`. */
async function writeJsonl(path: string, kind: Kind, bytes: number): Promise<void> {
  const block =
    kind === "text"
      ? makeKeywordTextDataset({ count: 4000, seed: 9, minWords: 20, maxWords: 60 })
      : kind === "tokens"
        ? // 150..200 ids a line: padded to 200, a 1 GiB file stays under the 256 Mi padded-id limit.
          makeTokenDataset({ count: 1000, seed: 9, vocabSize: 10_000, minLength: 150, maxLength: 200 })
        : makeFeatureJsonl({ count: 2000, features: 64, numClasses: 10, seed: 9 });
  const out = createWriteStream(path);
  for (let written = 0; written < bytes; written += block.length) {
    if (!out.write(block)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

async function spawnChild(mode: Mode, file: string, dir: string): Promise<ChildResult> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/convert-jsonl-memory.ts", "--child", mode, "--file", file, "--dir", dir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`child ${mode} ${file} exited with ${code}`);
  return JSON.parse(output) as ChildResult;
}

async function runChild(mode: Mode, file: string, dir: string): Promise<ChildResult> {
  const out = { x: join(dir, "x.bin"), y: join(dir, "y.bin") };
  const started = performance.now();
  let count: number;
  let featureShape: number[];
  if (mode === "convert") {
    ({ count, featureShape } = await convertJsonlFile({ inputs: { data: file }, workDir: dir, out, maxDecompressedBytes: 1 << 30, maxClasses: 10_000 }));
  } else {
    const parsed = parseJsonlDataset(await readFile(file));
    computeDatasetStats(parsed);
    const encoded = encodeDataset(parsed);
    await writeFile(out.x, encoded.x);
    await writeFile(out.y, encoded.y);
    ({ count, featureShape } = parsed);
  }
  const seconds = (performance.now() - started) / 1000;
  // maxRSS is in kilobytes.
  return { count, featureShape, seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
}
