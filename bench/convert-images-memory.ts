// Memory of converting a zip of images: `node --import tsx bench/convert-images-memory.ts [--mib 512] [--reference-mib 200]`.
// Writes a zip of small PNGs (64x64 RGB noise, about 12 KiB each), stored uncompressed so that it is
// quick to generate, then in a child process each converts it with `convertImageZipFile` (to 28x28
// grayscale) and reports its peak RSS (process.resourceUsage().maxRSS) and time; the reference is
// `parseImageZipDataset` on a smaller zip of the same images, the whole file in memory.
import { execFile } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { encodePng } from "../tests/fixtures/images-zip.js";
import { makeRandom } from "../tests/fixtures/random.js";
import { convertImageZipFile } from "../packages/datasets/src/images/convert-image-zip-file.js";
import { parseImageZipDataset } from "../packages/datasets/src/images/parse-image-zip-dataset.js";
import { zipRecords, type ZipRecordEntry } from "../packages/datasets/src/images/testing/zip-records.js";

const mib = 1024 * 1024;
const shape = { height: 28, width: 28, channels: 1 } as const;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]) || fallback;
}

/** Writes a zip of about `bytes` bytes of stored PNGs in 10 class folders, streamed to `path`. */
async function writeImageZip(path: string, bytes: number): Promise<void> {
  const random = makeRandom(3);
  const images = Array.from({ length: 16 }, () => {
    const rgba = Uint8Array.from({ length: 64 * 64 * 4 }, (_, i) => (i % 4 === 3 ? 255 : Math.floor(random() * 256)));
    return encodePng(64, 64, rgba, 2);
  });
  function* entries(): Generator<ZipRecordEntry> {
    for (let i = 0, total = 0; total < bytes; i++) {
      const data = images[i % images.length] ?? new Uint8Array(0);
      total += data.length + 100;
      yield { name: `class${i % 10}/${String(i).padStart(7, "0")}.png`, data, method: 0 };
    }
  }
  const out = createWriteStream(path);
  for (const record of zipRecords(entries())) {
    if (!out.write(record)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** In the child: convert or parse, then print the figures as JSON. */
async function runChild(mode: string, zipPath: string, workDir: string): Promise<void> {
  const started = process.hrtime.bigint();
  let count: number;
  if (mode === "convert") {
    const out = { x: join(workDir, "x.bin"), y: join(workDir, "y.bin") };
    const converted = await convertImageZipFile({ ...shape, inputs: { archive: zipPath }, workDir, out, maxDecompressedBytes: 1024 * mib, maxClasses: 10_000 });
    count = converted.count;
  } else {
    count = parseImageZipDataset(await readFile(zipPath), shape).count;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(JSON.stringify({ count, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

async function measure(mode: string, zipPath: string, workDir: string): Promise<{ count: number; seconds: number; maxRssMiB: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "bench/convert-images-memory.ts", "--child", mode, zipPath, workDir], {
    maxBuffer: mib,
  });
  return JSON.parse(stdout) as { count: number; seconds: number; maxRssMiB: number };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "trainyard-bench-images-"));
  try {
    const runs = [
      { mode: "parse", label: "parseImageZipDataset (whole file in memory)", mib: option("--reference-mib", 200) },
      { mode: "convert", label: "convertImageZipFile (same zip)", mib: option("--reference-mib", 200) },
      { mode: "convert", label: "convertImageZipFile", mib: option("--mib", 512) },
    ];
    const rows: string[] = [];
    for (const run of runs) {
      const zipPath = join(dir, `images-${run.mib}.zip`);
      if (!(await stat(zipPath).catch(() => undefined))) await writeImageZip(zipPath, run.mib * mib);
      const size = (await stat(zipPath)).size;
      const result = await measure(run.mode, zipPath, dir);
      rows.push(`| ${run.label} | ${(size / mib).toFixed(0)} MiB | ${result.count} | ${result.seconds.toFixed(1)} s | ${result.maxRssMiB.toFixed(0)} MiB |`);
    }
    console.log(`\nConverting a zip of 64x64 PNGs (stored) to 28x28 grayscale (node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`);
    console.log("| run | zip size | images | time | peak RSS (child) |");
    console.log("|---|---:|---:|---:|---:|");
    for (const row of rows) console.log(row);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf("--child");
if (childAt >= 0) await runChild(process.argv[childAt + 1] ?? "", process.argv[childAt + 2] ?? "", process.argv[childAt + 3] ?? "");
else await main();
