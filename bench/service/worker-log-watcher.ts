// Reads worker processes' pino JSON lines as they arrive and keeps, per job id, the `time` (ms) of
// each step of a job's run, how many times it started, and the failures: the worker's own record of
// when it started and finished each job (apps/worker/src/training-job-handler.ts, run-training.ts).
import type { Readable } from "node:stream";

/** Log messages of one job's run, in the order the worker writes them. */
export const jobSteps = ["job started", "dataset opened", "training", "epoch finished", "job finished"] as const;
export type JobStep = (typeof jobSteps)[number];

/** Messages that mean an attempt did not succeed. */
const failureMessages = new Set(["job failed", "job attempt failed", "job attempt failed; will be retried", "job lock expired; it is redelivered or, past maxStalledCount, failed"]);

interface LogLine {
  time?: number;
  msg?: string;
  jobId?: string;
}

/** Per-job step times and start counts, from every worker stream handed to {@link WorkerLogWatcher.watch}. */
export class WorkerLogWatcher {
  /** First `time` of each step, by job id. */
  readonly steps = new Map<string, Partial<Record<JobStep, number>>>();
  /** "job started" lines by job id, across all watched workers. */
  readonly starts = new Map<string, number>();
  /** Failure lines (job id and message), which a correct run has none of. */
  readonly failures: string[] = [];
  /** "job finished" lines so far. */
  finished = 0;
  private waiter: { count: number; resolve: () => void } | null = null;

  /** Follows one worker's stdout. */
  watch(stdout: Readable): void {
    let partial = "";
    stdout.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) if (line.includes('"jobId"')) this.read(line);
    });
  }

  /** Resolves once `count` "job finished" lines have arrived; rejects after `timeoutMs`. */
  async waitForFinished(count: number, timeoutMs: number): Promise<void> {
    if (this.finished >= count) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        this.waiter = { count, resolve };
        timer = setTimeout(() => reject(new Error(`${this.finished} of ${count} jobs finished within ${timeoutMs} ms; failures: ${this.failures.slice(0, 5).join(" | ")}`)), timeoutMs);
      });
    } finally {
      clearTimeout(timer);
      this.waiter = null;
    }
  }

  /** Time of `step` of `jobId`; throws when the worker did not log it. */
  timeOf(jobId: string, step: JobStep): number {
    const time = this.steps.get(jobId)?.[step];
    if (time === undefined) throw new Error(`no "${step}" log line for job ${jobId}`);
    return time;
  }

  private read(line: string): void {
    let parsed: LogLine;
    try {
      parsed = JSON.parse(line) as LogLine;
    } catch {
      return;
    }
    const { msg, jobId, time } = parsed;
    if (msg === undefined || jobId === undefined || time === undefined) return;
    if (failureMessages.has(msg)) this.failures.push(`${jobId}: ${msg}`);
    if (!(jobSteps as readonly string[]).includes(msg)) return;
    const step = msg as JobStep;
    const steps = this.steps.get(jobId) ?? {};
    steps[step] ??= time;
    this.steps.set(jobId, steps);
    if (step === "job started") this.starts.set(jobId, (this.starts.get(jobId) ?? 0) + 1);
    if (step === "job finished") {
      this.finished++;
      if (this.waiter !== null && this.finished >= this.waiter.count) this.waiter.resolve();
    }
  }
}
