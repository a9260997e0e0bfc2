// One phase of bench/worker-memory.ts: starts a worker process with the memory probe preloaded,
// reads its memory once it is ready, runs the job series while sampling its peaks, waits idle,
// reads it again, and stops it.
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { TestStack } from "../../tests/support/test-stack.js";
import { startWorkerProcess } from "../../tests/support/worker-process.js";
import { formatNumber } from "../support/markdown-table.js";
import { mib, sampleResidentPeak } from "../support/process-memory.js";
import { measureWorker, type MeasuredMemory } from "./measure-worker.js";
import { probeRequestFileVariable } from "./memory-probe-line.js";
import { runJobSeries, type JobEndSample } from "./run-job-series.js";
import { sampleProbePeaks, type ProbePeaks } from "./sample-probe-peaks.js";
import type { ModelFamily, SmallDatasets } from "./small-jobs.js";
import { WorkerProbeClient } from "./worker-probe-client.js";

const probePath = fileURLToPath(new URL("./worker-memory-probe.ts", import.meta.url));

/** What one worker process did: its memory before, after each job, at its peaks and when idle. */
export interface WorkerPhase {
  /** After "worker ready", before the first job. */
  before: MeasuredMemory;
  jobs: JobEndSample[];
  /** Highest VmRSS sampled every 100 ms while the jobs ran, or read at a job's end. */
  peakRss: number;
  /** Highest probe values sampled every 100 ms while the jobs ran. */
  peaks: ProbePeaks;
  /** After the last job and an idle pause; always also read after a full garbage collection. */
  idle: MeasuredMemory;
  /** The worker's own "tensors left after job" warnings. */
  leakWarnings: number;
}

export interface WorkerPhaseOptions {
  stack: TestStack;
  key: string;
  datasets: SmallDatasets;
  families: readonly ModelFamily[];
  jobs: number;
  idleSeconds: number;
  /**
   * After which jobs (1-based) to also read the worker's memory after a full garbage collection
   * (then also before the first job); null: never until idle, so V8 sizes its heap as in production.
   */
  collectAfter: ((job: number) => boolean) | null;
  /** A directory for the probe's request file. */
  workDir: string;
  /** Prefixes progress lines. */
  label: string;
  /** The worker's TF_BACKEND. */
  backend: string;
}

/** Runs the job series on a fresh worker process and stops it; throws (with the worker's log tail) when a job fails. */
export async function runWorkerPhase(options: WorkerPhaseOptions): Promise<WorkerPhase> {
  const { jobs, collectAfter, label } = options;
  const requestFile = join(options.workDir, `${label}-request`);
  // --expose-gc lets the probe run a full collection when asked; nothing else calls gc.
  const spawned = performance.now();
  const nodeOptions = `${process.env.NODE_OPTIONS ?? ""} --expose-gc --import tsx --import "${probePath}"`.trim();
  const worker = startWorkerProcess(options.stack, `bench-memory-${label}-${process.pid}`, {
    NODE_OPTIONS: nodeOptions,
    TF_BACKEND: options.backend,
    [probeRequestFileVariable]: requestFile,
  });
  try {
    const client = new WorkerProbeClient(worker.child, requestFile);
    await worker.ready;
    const pid = worker.child.pid ?? -1;
    const before = await measureWorker(pid, client, collectAfter !== null);
    log(label, `worker ready in ${formatNumber((performance.now() - spawned) / 1000, 1)} s (pid ${pid}): RSS ${formatNumber(before.natural.rss / mib, 1)} MiB, ${String(before.natural.probe.numTensors)} tensors; ${jobs} jobs`);
    const rssPeak = sampleResidentPeak(pid, 100);
    const probePeaks = sampleProbePeaks(client, 100);
    const samples = await runJobSeries({
      stack: options.stack,
      key: options.key,
      datasets: options.datasets,
      families: options.families,
      jobs,
      workerPid: pid,
      client,
      collectAfter: collectAfter ?? (() => false),
      onJob: (sample) => {
        if (sample.job % 20 !== 0 && sample.job !== jobs) return;
        const { rss, probe } = sample.collected ?? sample.natural;
        log(label, `job ${sample.job}/${jobs} (${sample.family}, ${formatNumber(sample.seconds, 2)} s): RSS ${formatNumber(rss / mib, 1)} MiB, JS heap ${formatNumber(probe.heapUsed / mib, 1)} MiB, ${String(probe.numTensors)} tensors`);
      },
    });
    // The job-end readings count too: the 100 ms sampler may miss the highest.
    const peakRss = Math.max(rssPeak.stop(), ...samples.map((sample) => sample.natural.rss));
    const peaks = await probePeaks.stop();
    await sleep(options.idleSeconds * 1000);
    const idle = await measureWorker(pid, client, true);
    return { before, jobs: samples, peakRss, peaks, idle, leakWarnings: client.leakWarnings };
  } catch (error) {
    log(label, `worker log tail:\n${worker.log().slice(-4000)}`);
    throw error;
  } finally {
    const stopping = performance.now();
    await worker.stop();
    log(label, `worker stopped in ${formatNumber((performance.now() - stopping) / 1000, 1)} s`);
  }
}

function log(label: string, message: string): void {
  process.stderr.write(`[${label}] ${message}\n`);
}
