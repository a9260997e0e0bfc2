// Peaks of a worker's probe readings while jobs run (bench/worker-memory.ts); RSS peaks come from bench/support/process-memory.ts.
import type { MemoryProbeLine } from "./memory-probe-line.js";
import type { WorkerProbeClient } from "./worker-probe-client.js";

/** The highest values the worker's probe reported while sampling. */
export interface ProbePeaks {
  numTensors: number;
  tensorBytes: number;
  heapUsed: number;
  external: number;
  wasmHeapBytes: number;
  /** Snapshots taken. */
  count: number;
}

/**
 * Asks the worker's probe for a snapshot every `intervalMs` (mid-job too: the worker answers
 * between batches) until stopped; `stop()` returns the peaks. A failed snapshot is skipped.
 */
export function sampleProbePeaks(client: WorkerProbeClient, intervalMs = 250): { stop: () => Promise<ProbePeaks> } {
  const peaks: ProbePeaks = { numTensors: 0, tensorBytes: 0, heapUsed: 0, external: 0, wasmHeapBytes: 0, count: 0 };
  const take = (line: MemoryProbeLine): void => {
    peaks.numTensors = Math.max(peaks.numTensors, line.numTensors ?? 0);
    peaks.tensorBytes = Math.max(peaks.tensorBytes, line.tensorBytes ?? 0);
    peaks.heapUsed = Math.max(peaks.heapUsed, line.heapUsed);
    peaks.external = Math.max(peaks.external, line.external);
    peaks.wasmHeapBytes = Math.max(peaks.wasmHeapBytes, line.wasmHeapBytes ?? 0);
    peaks.count += 1;
  };
  let last: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    last = client.snapshot().then(take, () => undefined);
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await last;
      return peaks;
    },
  };
}
