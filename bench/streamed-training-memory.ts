// `node --import tsx bench/streamed-training-memory.ts [--samples N] [--reference-samples N] [--limit-mb M]`:
// peak memory and speed of one training epoch on a dataset several times MAX_IN_MEMORY_MB, streamed
// (the worker's own path for such data), beside the in-memory path through the same code.
//
// It writes a generated float32 [32, 32, 3] dataset (10 learnable classes) in canonical form
// (x.bin + y.bin) into a filesystem object store under a temp dir, plus a copy of its first
// `reference-samples` for the in-memory reference, then trains one epoch in child processes, one
// after the other, each through loadJobDataset -> prepareClassifierData -> buildModel -> trainModel
// (what a worker runs, minus Postgres and the queue), and prints a markdown table. Defaults:
// 240,000 samples (2.7 GiB) streamed under a 512 MiB limit; the reference is 174,000 samples
// (2.0 GiB), the most the in-memory loader can read (fs.readFile stops at 2 GiB), and a third child
// shows the in-memory loader failing on the full dataset. The data is deleted at the end.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { jobSpecSchema } from "@trainyard/contracts";
import type { DatasetRecord, DatasetRepository, JobRecord } from "@trainyard/domain";
import { FilesystemObjectStore } from "@trainyard/storage";
import { buildModel, createSeededRandom, isStreamedDataset, loadBackend, trainModel } from "@trainyard/training";
import { prepareClassifierData } from "../apps/worker/src/classifier-data.js";
import { loadJobDataset } from "../apps/worker/src/load-job-dataset.js";
import type { TrainingJobDeps } from "../apps/worker/src/training-job-handler.js";

const featureShape = [32, 32, 3];
const sampleValues = 32 * 32 * 3;
const numClasses = 10;
const mebibyte = 1024 * 1024;

/** What one child reports. */
interface ChildResult {
  mode: "streamed" | "in-memory";
  streamed: boolean;
  samples: number;
  loadSeconds: number;
  trainSeconds: number;
  wallSeconds: number;
  maxRssBytes: number;
  accuracy: number;
}

const { values: args } = parseArgs({
  options: {
    samples: { type: "string", default: "240000" },
    "reference-samples": { type: "string", default: "174000" },
    "limit-mb": { type: "string", default: "512" },
    child: { type: "string" },
    dir: { type: "string" },
    dataset: { type: "string" },
  },
});

if (args.child !== undefined) {
  await runChild(args.child === "streamed" ? "streamed" : "in-memory", args.dir ?? "", args.dataset ?? "", Number(args["limit-mb"]));
} else {
  await runParent(Number(args.samples), Number(args["reference-samples"]), Number(args["limit-mb"]));
}

async function runParent(samples: number, referenceSamples: number, limitMB: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "trainyard-bench-"));
  try {
    const started = performance.now();
    const [big, reference] = await writeDatasets(dir, samples, Math.min(samples, referenceSamples));
    console.log(`wrote ${samples.toLocaleString("en-US")} + ${reference.count.toLocaleString("en-US")} samples in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const limit = (mb: number) => `${mb.toLocaleString("en-US")} MiB`;
    const rows: [DatasetRecord, string, ChildResult | string][] = [];
    rows.push([big, limit(limitMB), await spawnChild("streamed", dir, "big", limitMB)]);
    // In memory, the limit is set above the dataset's size.
    const above = (record: DatasetRecord) => Math.ceil(record.sizeBytes / mebibyte) + 1;
    rows.push([reference, limit(above(reference)), await spawnChild("in-memory", dir, "reference", above(reference))]);
    if (big.sizeBytes !== reference.sizeBytes) rows.push([big, limit(above(big)), await spawnChild("in-memory", dir, "big", above(big))]);
    printTable(rows);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Writes dataset "big" (`count` samples) and dataset "reference" (its first `referenceCount`
 * samples): x.bin (float32, class k brighter in rows 3k..3k+2) and y.bin, in 48 MiB chunks.
 */
async function writeDatasets(dir: string, count: number, referenceCount: number): Promise<[DatasetRecord, DatasetRecord]> {
  const store = new FilesystemObjectStore({ root: join(dir, "objects") });
  const keyOf = (name: string) => `tenants/bench/datasets/${name}`;
  const rootOf = (name: string) => join(dir, "objects", ...keyOf(name).split("/"));
  for (const name of ["big", "reference"]) await store.put(`${keyOf(name)}/.keep`, new Uint8Array(0));
  const x = createWriteStream(join(rootOf("big"), "x.bin"));
  const referenceX = createWriteStream(join(rootOf("reference"), "x.bin"));
  const labels = new Int32Array(count);
  const random = createSeededRandom(7);
  const chunkSamples = 4096;
  for (let first = 0; first < count; first += chunkSamples) {
    const n = Math.min(chunkSamples, count - first);
    const chunk = new Float32Array(n * sampleValues);
    for (let i = 0; i < n; i++) {
      const label = Math.floor(random() * numClasses);
      labels[first + i] = label;
      // Rows 3k..3k+2 of class k are brighter: a dense layer separates the classes.
      const from = i * sampleValues + label * 3 * 32 * 3;
      for (let j = 0; j < sampleValues; j++) chunk[i * sampleValues + j] = random() * 0.5;
      for (let j = 0; j < 3 * 32 * 3; j++) chunk[from + j] = (chunk[from + j] ?? 0) + 1;
    }
    if (!x.write(new Uint8Array(chunk.buffer))) await once(x, "drain");
    if (first < referenceCount) {
      const part = new Uint8Array(chunk.buffer, 0, Math.min(n, referenceCount - first) * sampleValues * 4);
      if (!referenceX.write(part)) await once(referenceX, "drain");
    }
  }
  for (const stream of [x, referenceX]) {
    stream.end();
    await once(stream, "finish");
  }
  await writeFile(join(rootOf("big"), "y.bin"), new Uint8Array(labels.buffer));
  await writeFile(join(rootOf("reference"), "y.bin"), new Uint8Array(labels.buffer, 0, referenceCount * 4));
  const big = recordOf("big", keyOf("big"), count);
  const reference = recordOf("reference", keyOf("reference"), referenceCount);
  for (const record of [big, reference]) await writeFile(join(dir, `${record.name}.json`), JSON.stringify(record));
  return [big, reference];
}

function recordOf(name: string, storageKey: string, count: number): DatasetRecord {
  return {
    id: name === "big" ? "00000000-0000-4000-8000-000000000001" : "00000000-0000-4000-8000-000000000002",
    tenantId: "bench",
    name,
    version: 1,
    status: "READY",
    statusReason: null,
    source: null,
    format: "npy",
    count,
    featureShape,
    dtype: "float32",
    numClasses,
    sha256: "0".repeat(64),
    sizeBytes: count * (sampleValues * 4 + 4),
    stats: null,
    labelNames: null,
    maxTokenId: null,
    storageKey,
    createdAt: new Date(),
  };
}

/** Runs one child; its result, or the error message it printed (e.g. a dataset it cannot load). */
async function spawnChild(mode: ChildResult["mode"], dir: string, dataset: string, limitMB: number): Promise<ChildResult | string> {
  const argv = [...process.execArgv, process.argv[1] ?? "", "--child", mode, "--dir", dir, "--dataset", dataset, "--limit-mb", String(limitMB)];
  const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  await once(child, "exit");
  const last = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as ChildResult | { error?: string };
  if ("error" in last) return last.error ?? "no output";
  return last as ChildResult;
}

/** One epoch through the worker's loader and trainModel; prints a ChildResult (or { error }) as the last stdout line. */
async function runChild(mode: ChildResult["mode"], dir: string, dataset: string, limitMB: number): Promise<void> {
  try {
    await trainOneEpoch(mode, dir, dataset, limitMB);
  } catch (error) {
    console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    process.exitCode = 1;
  }
}

async function trainOneEpoch(mode: ChildResult["mode"], dir: string, dataset: string, limitMB: number): Promise<void> {
  const started = performance.now();
  const record = JSON.parse(await readFile(join(dir, `${dataset}.json`), "utf8"), (k, v: unknown) => (k === "createdAt" ? new Date(String(v)) : v)) as DatasetRecord;
  const { tf, backend } = await loadBackend({ preference: "wasm" });
  const logger = pino({ level: "warn" });
  const spec = jobSpecSchema.parse({
    model: { type: "sequential", layers: [{ type: "flatten" }, { type: "dense", units: 16, activation: "relu" }, { type: "dense", units: numClasses, activation: "softmax" }] },
    dataset: { id: record.id, validationSplit: 0 },
    training: { epochs: 1, batchSize: 128, learningRate: 0.005, seed: 1 },
  });
  const job = { id: "bench", tenantId: record.tenantId, datasetId: record.id, spec } as JobRecord;
  const deps = {
    datasets: { findById: async () => record } as unknown as DatasetRepository,
    store: new FilesystemObjectStore({ root: join(dir, "objects") }),
    maxInMemoryMB: limitMB,
    logger,
  } as unknown as TrainingJobDeps;
  const raw = await loadJobDataset(deps, job, "dataset.id", logger);
  const loaded = performance.now();
  const all = Int32Array.from({ length: raw.count }, (_, i) => i);
  const prepared = prepareClassifierData(raw, spec, all);
  const model = buildModel(tf, spec.model, { featureShape: raw.featureShape, dtype: raw.dtype, numClasses: raw.numClasses }, 1);
  const result = await trainModel({ tf, model, training: spec.training, data: prepared.data, split: { train: all, validation: new Int32Array(0) } });
  model.dispose();
  const done = performance.now();
  const output: ChildResult = {
    mode,
    streamed: isStreamedDataset(raw),
    samples: raw.count,
    loadSeconds: (loaded - started) / 1000,
    trainSeconds: (done - loaded) / 1000,
    wallSeconds: (done - started) / 1000,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    accuracy: result.finalMetrics?.accuracy ?? NaN,
  };
  if (backend !== "wasm") logger.warn({ backend }, "not the wasm backend");
  console.log(JSON.stringify(output));
}

function printTable(rows: [DatasetRecord, string, ChildResult | string][]): void {
  const mib = (bytes: number) => `${Math.round(bytes / mebibyte).toLocaleString("en-US")} MiB`;
  console.log(`\nfloat32 [${featureShape.join(", ")}] samples, 10 classes; one epoch, batch 128, dense 3072-16-10, wasm backend, one child process per row\n`);
  console.log("| path | dataset size (x.bin + y.bin) | samples | MAX_IN_MEMORY_MB | peak RSS | start + load s | train samples/s | wall s | epoch accuracy |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const [record, limit, r] of rows) {
    const size = `${mib(record.sizeBytes)} (${(record.sizeBytes / 1e9).toFixed(2)} GB)`;
    if (typeof r === "string") {
      console.log(`| in memory | ${size} | ${record.count.toLocaleString("en-US")} | ${limit} | - | failed: ${r} | - | - | - |`);
      continue;
    }
    const path = r.streamed ? "streamed" : "in memory";
    console.log(
      `| ${path} | ${size} | ${r.samples.toLocaleString("en-US")} | ${limit} | ${mib(r.maxRssBytes)} | ${r.loadSeconds.toFixed(1)} | ${Math.round(r.samples / r.trainSeconds).toLocaleString("en-US")} | ${r.wallSeconds.toFixed(1)} | ${r.accuracy.toFixed(3)} |`,
    );
  }
}
