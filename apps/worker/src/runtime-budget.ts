import type { JobRepository } from "@trainyard/domain";

/**
 * A job's training time across attempts: what earlier attempts used (the job's runtimeSeconds when
 * this attempt started) plus this attempt's, charged to Postgres as it goes so that a worker that
 * dies loses at most the time since the last charge. `exceeded()` is cheap: it is checked after
 * every batch.
 */
export class RuntimeBudget {
  private charged: number;

  private constructor(
    private readonly jobs: JobRepository,
    private readonly jobId: string,
    private readonly usedBefore: number,
    private readonly limitSeconds: number | null,
    private readonly startedAt: number,
  ) {
    this.charged = startedAt;
  }

  /** Starts counting now for `job`; `limitSeconds` null: no limit (time is still counted). */
  static start(jobs: JobRepository, job: { id: string; runtimeSeconds: number }, limitSeconds: number | null, now = Date.now()): RuntimeBudget {
    return new RuntimeBudget(jobs, job.id, job.runtimeSeconds, limitSeconds, now);
  }

  /** Seconds used across attempts, up to now. */
  usedSeconds(now = Date.now()): number {
    return this.usedBefore + (now - this.startedAt) / 1000;
  }

  /** Whether the job's maxRuntimeSeconds is used up. */
  exceeded(now = Date.now()): boolean {
    return this.limitSeconds !== null && this.usedSeconds(now) >= this.limitSeconds;
  }

  /** Adds the time since the last charge to the job's runtimeSeconds. */
  async charge(now = Date.now()): Promise<void> {
    const seconds = (now - this.charged) / 1000;
    this.charged = now;
    if (seconds > 0) await this.jobs.addRuntime(this.jobId, seconds);
  }
}
