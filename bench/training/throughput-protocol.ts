// What bench/training-throughput.ts asks of its per-backend child processes, and what they answer.
import type { SeedModelName } from "./seed-models.js";
import type { RunLength } from "./steady-state-clock.js";

/** One measured combination: a seed model at a batch size. */
export interface ThroughputConfig {
  model: SeedModelName;
  batch: number;
}

/** What a child measures: each config `runs` times, each run a fresh model timed for `length`. */
export interface ThroughputPlan {
  configs: ThroughputConfig[];
  runs: number;
  length: RunLength;
  /**
   * Batches of generated data per config (at most; fewer when a run needs fewer): a run longer than
   * that trains over several epochs of it, as a job would.
   */
  dataBatches: number;
}

/** A config's measurements: one samples/s figure and one timed-step count per run. */
export interface ThroughputResult extends ThroughputConfig {
  params: number;
  samplesPerSecond: number[];
  steps: number[];
}

/**
 * One stdout line of a child (JSON). "unavailable" when its backend does not load (and nothing else
 * follows), "run" when a run starts (before its model is built), "warm" at the end of its warm-up
 * batches, "result" after a config's last run.
 */
export type ChildEvent =
  | { event: "unavailable"; reason: string }
  | { event: "run"; config: ThroughputConfig; run: number }
  | { event: "warm"; config: ThroughputConfig; run: number }
  | ({ event: "result" } & ThroughputResult);
