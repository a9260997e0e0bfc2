// `node --import tsx bench/convert-csv-memory.ts [--mb 1024] [--reference-mb 200] [--kinds numbers,late-name]`:
// peak memory (maxRSS) and time of converting a large CSV file with convertCsvFile (the API's path
// for csv uploads, 8 MiB chunks), beside the in-memory parser (parseCsvDataset + computeDatasetStats
// + encodeDataset, the path before it) on a smaller file. Kinds: `numbers` (16 float features and a
// numeric label a row, one pass) and `late-name` (the same rows, then one row whose label is a
// name: every label becomes a name, and the file is read twice).
//
// Each conversion runs in its own child process, one after the other; the table is printed in
// markdown. The generated files are deleted at the end.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { computeDatasetStats, convertCsvFile, encodeDataset, parseCsvDataset } from "@trainyard/datasets";
import { makeCsvDataset } from "../tests/fixtures/csv.js";

const mebibyte = 1024 * 1024;
const kinds = ["numbers", "late-name"] as const;
type Kind = (typeof kinds)[number];

/** What a child measured. */
interface Measurement {
  count: number;
  numClasses: number;
  seconds: number;
  maxRssBytes: number;
}

const { values: args } = parseArgs({
  options: {
    mb: { type: "string", default: "1024" },
    "reference-mb": { type: "string", default: "200" },
    kinds: { type: "string", default: kinds.join(",") },
    child: { type: "string" },
    file: { type: "string" },
    dir: { type: "string" },
  },
});

if (args.child === undefined) {
  await compare(Number(args.mb), Number(args["reference-mb"]), args.kinds.split(",") as Kind[]);
} else {
  process.stdout.write(JSON.stringify(await measure(args.child === "convert", args.file ?? "", args.dir ?? "")));
}

async function compare(mb: number, referenceMb: number, chosen: Kind[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "trainyard-bench-csv-"));
  const lines = ["| kind | path | file MiB | rows | classes | seconds | peak RSS MiB |", "| --- | --- | ---: | ---: | ---: | ---: | ---: |"];
  try {
    for (const kind of chosen) {
      for (const convert of [true, false]) {
        const file = join(dir, `${kind}.csv`);
        await writeCsv(file, kind, (convert ? mb : referenceMb) * mebibyte);
        const work = join(dir, "work");
        await mkdir(work, { recursive: true });
        const m = await inChild(convert, file, work);
        const path = convert ? "convertCsvFile (8 MiB chunks)" : "parseCsvDataset + stats + encodeDataset";
        const size = (await stat(file)).size / mebibyte;
        lines.push(`| ${kind} | ${path} | ${size.toFixed(0)} | ${m.count.toLocaleString("en-US")} | ${m.numClasses} | ${m.seconds.toFixed(1)} | ${(m.maxRssBytes / mebibyte).toFixed(0)} |`);
        await rm(work, { recursive: true, force: true });
        await rm(file, { force: true });
      }
    }
    console.log(lines.join("\n"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The fixture's rows (about 1.4 MB) repeated after one header until the file holds `bytes`. */
async function writeCsv(path: string, kind: Kind, bytes: number): Promise<void> {
  const fixture = makeCsvDataset({ rows: 10_000, features: 16, numClasses: 10, seed: 3 });
  const header = fixture.slice(0, fixture.indexOf("\n") + 1);
  const block = fixture.slice(header.length);
  const out = createWriteStream(path);
  out.write(header);
  for (let written = header.length; written < bytes; written += block.length) {
    if (!out.write(block)) await once(out, "drain");
  }
  if (kind === "late-name") out.write(`${"0,".repeat(16)}other\n`);
  out.end();
  await once(out, "finish");
}

async function inChild(convert: boolean, file: string, dir: string): Promise<Measurement> {
  const argv = ["--import", "tsx", "bench/convert-csv-memory.ts", "--child", convert ? "convert" : "parse", "--file", file, "--dir", dir];
  const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`the ${convert ? "convert" : "parse"} child for ${file} exited with ${code}`);
  return JSON.parse(output) as Measurement;
}

async function measure(convert: boolean, file: string, dir: string): Promise<Measurement> {
  const out = { x: join(dir, "x.bin"), y: join(dir, "y.bin") };
  const started = performance.now();
  let result: { count: number; numClasses: number };
  if (convert) {
    result = await convertCsvFile({ inputs: { data: file }, workDir: dir, out, maxDecompressedBytes: 1 << 30, maxClasses: 10_000 });
  } else {
    const parsed = parseCsvDataset(await readFile(file));
    computeDatasetStats(parsed);
    const { x, y } = encodeDataset(parsed);
    await writeFile(out.x, x);
    await writeFile(out.y, y);
    result = parsed;
  }
  const seconds = (performance.now() - started) / 1000;
  // maxRSS is in KiB.
  return { count: result.count, numClasses: result.numClasses, seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
}
