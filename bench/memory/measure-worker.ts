// One reading of a worker's memory for bench/worker-memory.ts: VmRSS from /proc plus its probe's snapshot, optionally after a full GC.
import { residentBytes } from "../support/process-memory.js";
import type { MemoryProbeLine } from "./memory-probe-line.js";
import type { WorkerProbeClient } from "./worker-probe-client.js";

/** The worker's memory at one moment: VmRSS from /proc, the rest from its probe. */
export interface MemoryPoint {
  rss: number;
  probe: MemoryProbeLine;
}

/** The worker's memory as it is, and (when asked) right after that once a full garbage collection ran in it. */
export interface MeasuredMemory {
  natural: MemoryPoint;
  collected: MemoryPoint | null;
}

/** Measures worker `pid` through its probe; `collect` adds a second reading after a full garbage collection. */
export async function measureWorker(pid: number, client: WorkerProbeClient, collect: boolean): Promise<MeasuredMemory> {
  const natural = await readPoint(pid, client, false);
  return { natural, collected: collect ? await readPoint(pid, client, true) : null };
}

async function readPoint(pid: number, client: WorkerProbeClient, collect: boolean): Promise<MemoryPoint> {
  const probe = await client.snapshot(collect);
  const rss = await residentBytes(pid);
  if (rss === null) throw new Error(`worker process ${pid} is gone`);
  return { rss, probe };
}
