// The bench's side of bench/memory/worker-memory-probe.ts: reads a worker process's stdout (its
// pino log lines and the probe's lines), asks the probe for a memory snapshot (SIGUSR2), and
// waits for the worker to log that a job ended.
import type { ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { memoryProbeMessage, type MemoryProbeLine } from "./memory-probe-line.js";

/** How a job ended, as the worker logged it. */
export interface JobEndLine {
  msg: string;
  status?: string;
}

/** Log messages after which the worker is done with a job (success, user error, last attempt). */
const jobEndMessages = new Set(["job finished", "job failed", "job attempt failed; will be retried"]);

/** Reads one worker process's output and asks its probe for snapshots, one at a time. */
export class WorkerProbeClient {
  private buffered = "";
  private probeWaiter: ((line: MemoryProbeLine) => void) | undefined;
  /** The last snapshot request: the next one is sent after it is answered (signals carry no id). */
  private pending: Promise<unknown> = Promise.resolve();
  private readonly jobEnds = new Map<string, JobEndLine>();
  private readonly jobWaiters = new Map<string, (line: JobEndLine) => void>();
  /** Rejects once the worker exits: nothing it was asked for will come. */
  private readonly exited: Promise<never>;
  /** Count of the worker's own "tensors left after job" warnings (its checkTensorLeaks check). */
  leakWarnings = 0;

  /** `requestFile`: the file the worker's probe reads on each signal (its BENCH_MEMORY_PROBE_REQUEST_FILE). */
  constructor(
    private readonly child: ChildProcess,
    private readonly requestFile: string,
  ) {
    this.exited = new Promise<never>((_, reject) => {
      // Killed by SIGUSR2 means the probe was not loaded (the signal's default action ends the process).
      child.once("exit", (code, signal) => reject(new Error(`the worker exited (${String(code ?? signal)})`)));
    });
    this.exited.catch(() => undefined);
    child.stdout?.on("data", (chunk: Buffer) => {
      this.buffered += chunk.toString();
      const lines = this.buffered.split("\n");
      this.buffered = lines.pop() ?? "";
      for (const line of lines) this.onLine(line);
    });
  }

  /**
   * The worker's memory now, after a full garbage collection when `collect` (the worker needs
   * --expose-gc); requests queue up, and each throws when no answer comes within `timeoutMs`.
   */
  snapshot(collect = false, timeoutMs = 10_000): Promise<MemoryProbeLine> {
    const answer = this.pending.then(() => this.requestSnapshot(collect, timeoutMs));
    this.pending = answer.catch(() => undefined);
    return answer;
  }

  private async requestSnapshot(collect: boolean, timeoutMs: number): Promise<MemoryProbeLine> {
    await writeFile(this.requestFile, collect ? "gc" : "");
    const answer = new Promise<MemoryProbeLine>((resolve) => (this.probeWaiter = resolve));
    this.child.kill("SIGUSR2");
    try {
      return await withTimeout(Promise.race([answer, this.exited]), timeoutMs, "the worker's memory probe did not answer");
    } finally {
      this.probeWaiter = undefined;
    }
  }

  /** Resolves once the worker logs that job `jobId` ended; throws after `timeoutMs`. */
  async jobEnd(jobId: string, timeoutMs: number): Promise<JobEndLine> {
    const seen = this.jobEnds.get(jobId);
    if (seen !== undefined) return seen;
    const ended = new Promise<JobEndLine>((resolve) => this.jobWaiters.set(jobId, resolve));
    try {
      return await withTimeout(Promise.race([ended, this.exited]), timeoutMs, `job ${jobId} did not end within ${timeoutMs} ms`);
    } finally {
      this.jobWaiters.delete(jobId);
    }
  }

  private onLine(text: string): void {
    if (!text.startsWith("{")) return;
    let line: { msg?: unknown; jobId?: unknown; status?: unknown };
    try {
      line = JSON.parse(text) as typeof line;
    } catch {
      return;
    }
    if (line.msg === memoryProbeMessage) {
      this.probeWaiter?.(line as MemoryProbeLine);
      return;
    }
    if (line.msg === "tensors left after job") this.leakWarnings += 1;
    if (typeof line.msg !== "string" || typeof line.jobId !== "string" || !jobEndMessages.has(line.msg)) return;
    const end: JobEndLine = { msg: line.msg, ...(typeof line.status === "string" ? { status: line.status } : {}) };
    this.jobEnds.set(line.jobId, end);
    this.jobWaiters.get(line.jobId)?.(end);
  }
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
