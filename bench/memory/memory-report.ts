// The markdown of bench/worker-memory.ts: the worker's memory at fixed points of the job series, as
// it runs (first worker) and after a full garbage collection (second worker), the growth after
// warm-up, and the "flat after warm-up" verdict.
import { formatNumber, markdownTable } from "../support/markdown-table.js";
import { mib } from "../support/process-memory.js";
import type { MeasuredMemory, MemoryPoint } from "./measure-worker.js";
import type { JobEndSample } from "./run-job-series.js";
import type { WorkerPhase } from "./run-worker-phase.js";
import { smallJobsDescription } from "./small-jobs.js";

export interface WorkerMemoryRun {
  /** The first worker: no garbage collection forced until it is idle after the last job. */
  asItRuns: WorkerPhase;
  /** The second worker: also read after a full garbage collection, at least at every reported job. */
  collected: WorkerPhase;
  idleSeconds: number;
  /** The job after which a worker counts as warmed up: growth is measured from there. */
  warmupJob: number;
  /** Allowed growth of RSS after a full garbage collection from the warm-up job to the last, in bytes; null: not judged (quick sizes). */
  rssBoundBytes: number | null;
  families: readonly string[];
  /** The worker's TF_BACKEND. */
  backend: string;
}

/** Whether the run met its bounds, and why not. */
export interface WorkerMemoryVerdict {
  ok: boolean;
  failures: string[];
}

/** The jobs after which the table shows the worker's memory: 10, the warm-up job, then quarters. */
export function reportedJobs(jobs: number, warmupJob: number): number[] {
  const points = [Math.min(10, warmupJob), warmupJob, ...[0.25, 0.5, 0.75, 1].map((f) => Math.round(jobs * f))];
  return [...new Set(points)].filter((job) => job >= 1 && job <= jobs).sort((a, b) => a - b);
}

/** The job-end sample of job number `job` (1-based). */
function sampleAt(phase: WorkerPhase, job: number): JobEndSample {
  const sample = phase.jobs[job - 1];
  if (sample === undefined) throw new Error(`no sample for job ${job} of ${phase.jobs.length}`);
  return sample;
}

/** The reading after a full garbage collection. */
function collectedOf(memory: MeasuredMemory): MemoryPoint {
  if (memory.collected === null) throw new Error("a reading after a full garbage collection is missing");
  return memory.collected;
}

/** Live tensors after each job of `phase`, from its reading without a forced collection. */
export function tensorCounts(phase: WorkerPhase): number[] {
  return phase.jobs.map((sample) => sample.natural.probe.numTensors ?? NaN);
}

/**
 * Checks the bounds: in the second worker, RSS after a full garbage collection grew less than the
 * bound from the warm-up job to the last; in both, the live tensor count after every job is the one
 * before the first.
 */
export function judgeRun(run: WorkerMemoryRun): WorkerMemoryVerdict {
  const last = run.collected.jobs.length;
  const failures: string[] = [];
  const growth = collectedOf(sampleAt(run.collected, last)).rss - collectedOf(sampleAt(run.collected, run.warmupJob)).rss;
  if (run.rssBoundBytes !== null && growth >= run.rssBoundBytes) {
    failures.push(`RSS after a full GC grew ${formatNumber(growth / mib, 1)} MiB from job ${run.warmupJob} to job ${last} (bound ${formatNumber(run.rssBoundBytes / mib)} MiB)`);
  }
  for (const [name, phase] of [["first", run.asItRuns], ["second", run.collected]] as const) {
    const baseline = phase.before.natural.probe.numTensors;
    const off = phase.jobs.filter((sample) => sample.natural.probe.numTensors !== baseline);
    const first = off[0];
    if (baseline === null || first !== undefined) {
      failures.push(
        `${name} worker: live tensors differ from before the first job (${String(baseline)}) after ${off.length} jobs` +
          (first === undefined ? "" : `, first after job ${first.job} (${first.family}): ${String(first.natural.probe.numTensors)}`),
      );
    }
  }
  return { ok: failures.length === 0, failures };
}

const toMib = (bytes: number | null | undefined): string => (bytes === null || bytes === undefined ? "-" : formatNumber(bytes / mib, 1));

/** One table row: the first worker's reading as it is, the second worker's after a full collection. */
function row(label: string, asItRuns: MeasuredMemory, collected: MeasuredMemory): string[] {
  const natural = asItRuns.natural;
  const afterGc = collectedOf(collected);
  return [
    label,
    toMib(natural.rss),
    formatNumber(natural.probe.numTensors ?? NaN),
    toMib(natural.probe.heapUsed),
    toMib(natural.probe.wasmHeapBytes),
    toMib(afterGc.rss),
    toMib(afterGc.probe.heapUsed),
    toMib(afterGc.probe.external),
  ];
}

/** The least-squares slope of `value` over job number, from job `from` on, in bytes per job, and how many readings it rests on. */
function slopePerJob(samples: readonly JobEndSample[], from: number, value: (sample: JobEndSample) => number): { slope: number; readings: number } {
  const points = samples.filter((sample) => sample.job >= from && sample.collected !== null);
  const meanX = points.reduce((sum, p) => sum + p.job, 0) / points.length;
  const meanY = points.reduce((sum, p) => sum + value(p), 0) / points.length;
  const covariance = points.reduce((sum, p) => sum + (p.job - meanX) * (value(p) - meanY), 0);
  const variance = points.reduce((sum, p) => sum + (p.job - meanX) ** 2, 0);
  return { slope: variance === 0 ? NaN : covariance / variance, readings: points.length };
}

/** The report's markdown section. */
export function renderReport(run: WorkerMemoryRun, verdict: WorkerMemoryVerdict, wallSeconds: number): string {
  const { asItRuns, collected, warmupJob } = run;
  const count = asItRuns.jobs.length;
  const rows = [
    row("before the first job (worker ready)", asItRuns.before, collected.before),
    ...reportedJobs(count, warmupJob).map((job) => {
      const label = job === warmupJob ? `after job ${job} (warm-up)` : job < warmupJob ? `after job ${job} (warming up)` : `after job ${job}`;
      return row(label, sampleAt(asItRuns, job), sampleAt(collected, job));
    }),
    ["peak during the jobs (sampled every 100 ms)", toMib(asItRuns.peakRss), formatNumber(asItRuns.peaks.numTensors), toMib(asItRuns.peaks.heapUsed), toMib(asItRuns.peaks.wasmHeapBytes), "-", "-", "-"],
    row(`idle ${formatNumber(run.idleSeconds)} s after the last job`, asItRuns.idle, collected.idle),
  ];
  const table = markdownTable(
    ["point", "RSS MiB", "live tensors", "JS heap MiB", "WASM heap MiB", "RSS after full GC MiB", "JS heap after full GC MiB", "external after full GC MiB"],
    rows,
  );
  const span = count - warmupJob;
  const kib = (bytes: number): string => `${formatNumber(bytes / 1024, 1)} KiB`;
  const growth = (name: string, from: MemoryPoint, to: MemoryPoint, value: (point: MemoryPoint) => number): string =>
    `${name} ${formatNumber((value(to) - value(from)) / mib, 1)} MiB (${span > 0 ? kib((value(to) - value(from)) / span) : "-"}/job)`;
  const warm = sampleAt(asItRuns, warmupJob).natural;
  const last = sampleAt(asItRuns, count).natural;
  const warmGc = collectedOf(sampleAt(collected, warmupJob));
  const lastGc = collectedOf(sampleAt(collected, count));
  const rss = (point: MemoryPoint): number => point.rss;
  const heap = (point: MemoryPoint): number => point.probe.heapUsed;
  const external = (point: MemoryPoint): number => point.probe.external;
  const wasm = (point: MemoryPoint): number => point.probe.wasmHeapBytes ?? 0;
  const heapSlope = slopePerJob(collected.jobs, warmupJob, (sample) => heap(collectedOf(sample)));
  const idleGc = collectedOf(asItRuns.idle);
  const seconds = (phase: WorkerPhase): string => formatNumber(phase.jobs.reduce((sum, sample) => sum + sample.seconds, 0) / count, 2);
  const target =
    run.rssBoundBytes === null
      ? "RSS is not judged at quick sizes"
      : `RSS after a full GC grows less than ${formatNumber(run.rssBoundBytes / mib)} MiB from job ${warmupJob} to job ${count} (${span > 0 ? kib(run.rssBoundBytes / span) : "-"}/job)`;
  return [
    "## Worker memory over consecutive jobs",
    "",
    `A real worker process (\`apps/worker/src/main.ts\`, TF_BACKEND=${run.backend}) ran ${count} small jobs one after another, ` +
      `cycling ${run.families.join(", ")} (${smallJobsDescription}), submitted through the real API on an isolated Postgres database, ` +
      `Redis queue and object store; then a second, fresh worker ran the same ${count} jobs (${seconds(asItRuns)} and ${seconds(collected)} s per job from submit to end; ` +
      `wall time ${formatNumber(wallSeconds)} s in all). RSS is the worker's VmRSS from /proc at each job's end. Live tensors ` +
      `(tf.memory().numTensors), JS heap, external memory and the WASM backend's heap come from a probe the bench preloads ` +
      `into the worker (bench/memory/worker-memory-probe.ts, read on SIGUSR2; the worker's code is unchanged). ` +
      `The first worker runs as in production: its columns include garbage V8 has not collected yet. The second worker's ` +
      `("after full GC") are read right after a full garbage collection the probe runs at these points: memory still referenced, ` +
      `the measure of a leak (forcing collections changes how V8 sizes its heap, hence a second worker). Reference: job ${warmupJob} (warm-up).`,
    "",
    table,
    "",
    `As it runs, from job ${warmupJob} to job ${count}: ${growth("RSS", warm, last, rss)}, ${growth("JS heap", warm, last, heap)}; ` +
      `after its last job and a full GC the first worker held ${toMib(idleGc.probe.heapUsed)} MiB of JS heap (RSS ${toMib(idleGc.rss)} MiB). ` +
      `After a full GC (second worker): ${growth("RSS", warmGc, lastGc, rss)}, ${growth("JS heap", warmGc, lastGc, heap)} ` +
      `(least-squares slope over ${heapSlope.readings} readings from job ${warmupJob} on: ${kib(heapSlope.slope)}/job), ${growth("external", warmGc, lastGc, external)}, ${growth("WASM heap", warmGc, lastGc, wasm)}. ` +
      `Live tensors after each job: ${describeCounts(tensorCounts(asItRuns))} in the first worker and ${describeCounts(tensorCounts(collected))} in the second ` +
      `(before the first job: ${String(asItRuns.before.natural.probe.numTensors)} and ${String(collected.before.natural.probe.numTensors)}).`,
    "",
    `Target "flat after warm-up": ${target}, and the live tensor count after every job equals the count before the first. ` +
      `Verdict: ${verdict.ok ? "met" : `NOT met: ${verdict.failures.join("; ")}`}.`,
  ].join("\n");
}

/** "0 after every job", or the distinct counts with how often each was seen. */
function describeCounts(counts: readonly number[]): string {
  const seen = new Map<number, number>();
  for (const count of counts) seen.set(count, (seen.get(count) ?? 0) + 1);
  if (seen.size === 1) return `${String(counts[0])} after every job`;
  return [...seen].map(([value, times]) => `${String(value)} (${times}x)`).join(", ");
}
