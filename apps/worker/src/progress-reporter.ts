import type { Logger } from "pino";
import type { JobProgress } from "@trainyard/contracts";
import type { JobRepository } from "@trainyard/domain";

/**
 * Writes a running job's progress at most once per `intervalMs`, never awaited in the batch loop
 * and never more than one write in flight: training does not wait on Postgres.
 */
export class ProgressReporter {
  private latest: JobProgress | null = null;
  private lastWrite = 0;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly jobs: Pick<JobRepository, "updateProgress">,
    private readonly jobId: string,
    private readonly logger: Logger,
    private readonly intervalMs = 500,
  ) {}

  /** Called every batch; cheap. */
  report(progress: JobProgress): void {
    this.latest = progress;
    const now = Date.now();
    if (this.inFlight !== null || now - this.lastWrite < this.intervalMs) return;
    this.lastWrite = now;
    this.inFlight = this.write(progress).finally(() => {
      this.inFlight = null;
    });
  }

  /** Waits for the write in flight, then writes the latest progress if it was not written yet. */
  async flush(): Promise<void> {
    if (this.inFlight !== null) await this.inFlight;
    if (this.latest !== null) await this.write(this.latest);
  }

  private async write(progress: JobProgress): Promise<void> {
    try {
      await this.jobs.updateProgress(this.jobId, progress);
    } catch (error) {
      this.logger.warn({ err: error }, "progress write failed");
    }
  }
}
