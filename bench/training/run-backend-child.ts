// Runs bench/training/throughput-child.ts for one backend under a guard: a step that takes too long
// or a process that grows too large is stopped, reported, and the remaining configs go on in a new child.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { residentBytes } from "../support/process-memory.js";
import type { ChildEvent, ThroughputConfig, ThroughputPlan, ThroughputResult } from "./throughput-protocol.js";

const childScript = fileURLToPath(new URL("./throughput-child.ts", import.meta.url));

/** When the guard stops a child. */
export interface ChildGuard {
  /** Seconds one training step may take (the warm-up, model build included, gets this per warm-up batch). */
  stepSeconds: number;
  /** Resident memory the child may reach. */
  maxRssBytes: number;
}

/** What became of one config on one backend. */
export type BackendOutcome =
  | { kind: "measured"; backend: string; result: ThroughputResult }
  /** The guard stopped it; `upperBound` samples/s when it was stopped in its first run's warm-up. */
  | { kind: "stopped"; backend: string; config: ThroughputConfig; reason: string; upperBound: number | null }
  /** Not run: its backend did not load, or a smaller batch of the same model was stopped. */
  | { kind: "skipped"; backend: string; config: ThroughputConfig; reason: string };

/** Measures every config of `plan` on `backend`, in order, restarting the child after a guard stop. */
export async function measureBackend(backend: string, plan: ThroughputPlan, guard: ChildGuard): Promise<BackendOutcome[]> {
  const outcomes: BackendOutcome[] = [];
  let pending = [...plan.configs];
  while (pending.length > 0) {
    const { results, stopped, unavailable } = await runChild(backend, { ...plan, configs: pending }, guard);
    if (unavailable !== null) {
      const reason = `the ${backend} backend did not load (${unavailable})`;
      return pending.map((config) => ({ kind: "skipped", backend, config, reason }));
    }
    outcomes.push(...results.map((result): BackendOutcome => ({ kind: "measured", backend, result })));
    pending = pending.slice(results.length);
    if (stopped === null) continue;
    outcomes.push(stopped);
    const { model, batch } = stopped.config;
    const larger = (c: ThroughputConfig) => c.model === model && c.batch > batch;
    const reason = `not run: batch ${batch} was stopped`;
    outcomes.push(...pending.filter(larger).map((config): BackendOutcome => ({ kind: "skipped", backend, config, reason })));
    pending = pending.slice(1).filter((c) => !larger(c));
  }
  return outcomes;
}

/** What one child did: configs measured, the one the guard stopped, or why its backend did not load. */
interface ChildRun {
  results: ThroughputResult[];
  stopped: Extract<BackendOutcome, { kind: "stopped" }> | null;
  unavailable: string | null;
}

/** One child over `plan.configs` until it ends or the guard stops it. */
async function runChild(backend: string, plan: ThroughputPlan, guard: ChildGuard): Promise<ChildRun> {
  const child = spawn(process.execPath, [...process.execArgv, childScript, backend, JSON.stringify(plan)], { stdio: ["ignore", "pipe", "inherit"] });
  const results: ThroughputResult[] = [];
  let stopped: ChildRun["stopped"] = null;
  let unavailable: string | null = null;
  // What the child is doing now, since when, and until when it may.
  let current: { config: ThroughputConfig | undefined; run: number; phase: "setup" | "warmup" | "timed"; since: number; deadline: number } = {
    config: plan.configs[0],
    run: 0,
    phase: "setup",
    since: performance.now(),
    deadline: Infinity,
  };
  const stop = (reason: string) => {
    const { config, run, phase, since } = current;
    if (stopped !== null || config === undefined) return;
    const seconds = (performance.now() - since) / 1000;
    // Stopped before its first warm-up batches ended: they would have run slower than this.
    const upperBound = run === 1 && phase === "warmup" ? (plan.length.warmupBatches * config.batch) / seconds : null;
    stopped = { kind: "stopped", backend, config, reason, upperBound };
    console.error(`${backend} ${config.model} batch ${config.batch}: stopped (${reason})`);
    child.kill("SIGKILL");
  };
  const watch = setInterval(() => {
    if (performance.now() > current.deadline) stop(`run ${current.run}: a step took over ${guard.stepSeconds} s`);
    void residentBytes(child.pid ?? -1).then((bytes) => {
      if (bytes !== null && bytes > guard.maxRssBytes) stop(`resident memory over ${Math.round(guard.maxRssBytes / 2 ** 20).toLocaleString("en-US")} MiB`);
    });
  }, 250);
  const timedSeconds = plan.length.minSeconds + (plan.length.minSteps + 1) * guard.stepSeconds;
  for await (const line of createInterface({ input: child.stdout })) {
    // tfjs may print a banner of its own; events are the JSON lines.
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line) as ChildEvent;
    const now = performance.now();
    if (event.event === "unavailable") {
      unavailable = event.reason;
    } else if (event.event === "run") {
      current = { config: event.config, run: event.run, phase: "warmup", since: now, deadline: now + plan.length.warmupBatches * guard.stepSeconds * 1000 };
    } else if (event.event === "warm") {
      current = { ...current, phase: "timed", since: now, deadline: now + timedSeconds * 1000 };
    } else {
      const { event: _, ...result } = event;
      results.push(result);
      current = { config: plan.configs[results.length], run: 0, phase: "setup", since: now, deadline: Infinity };
    }
  }
  if (child.exitCode === null && child.signalCode === null) await once(child, "exit");
  clearInterval(watch);
  if (stopped === null && unavailable === null && results.length < plan.configs.length) {
    throw new Error(`the ${backend} child exited with ${child.exitCode ?? child.signalCode} after ${results.length} of ${plan.configs.length} configs`);
  }
  return { results, stopped, unavailable };
}
