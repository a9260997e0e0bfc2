// Loaded into a worker process by bench/worker-memory.ts (NODE_OPTIONS="--import tsx --import <this
// file>"), before the worker's own code, so the bench reads the worker's memory without a product
// change: on SIGUSR2 it prints one JSON line to stdout (beside the worker's pino lines) with the live
// tensor count of TensorFlow.js's engine (tfjs-core keeps it on the global object as `_tfengine`),
// the process's memory by kind, and the WASM backend's heap. When the request file (named by
// BENCH_MEMORY_PROBE_REQUEST_FILE) says "gc" and the process runs with --expose-gc, it first runs a
// full garbage collection, to tell memory still referenced from garbage not yet collected. It changes
// nothing else in the worker; neither Node (SIGUSR1 is the inspector's) nor the worker uses SIGUSR2.
import { readFileSync } from "node:fs";
import { memoryProbeMessage, probeRequestFileVariable, type MemoryProbeLine } from "./memory-probe-line.js";

/** The parts of tfjs-core's engine that the probe reads. */
interface EngineView {
  memory(): { numTensors: number; numBytes: number };
  backendInstance?: { wasm?: { HEAPU8?: Uint8Array } } | null;
}

const requestFile = process.env[probeRequestFileVariable];

/** Whether the bench asked for a full collection before this snapshot. */
function collectionRequested(): boolean {
  if (requestFile === undefined) return false;
  try {
    return readFileSync(requestFile, "utf8").trim() === "gc";
  } catch {
    return false;
  }
}

process.on("SIGUSR2", () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  const collected = gc !== undefined && collectionRequested();
  if (collected) gc();
  const engine = (globalThis as { _tfengine?: EngineView })._tfengine;
  const tensors = engine?.memory();
  const usage = process.memoryUsage();
  const line: MemoryProbeLine = {
    msg: memoryProbeMessage,
    collected,
    numTensors: tensors?.numTensors ?? null,
    tensorBytes: tensors?.numBytes ?? null,
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    wasmHeapBytes: engine?.backendInstance?.wasm?.HEAPU8?.byteLength ?? null,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
});
