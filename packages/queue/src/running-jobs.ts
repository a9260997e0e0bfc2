import { WaitingError, type Job } from "bullmq";
import type { Logger } from "pino";

/** One job a training worker is running in this process. */
interface RunningJob {
  readonly job: Job;
  /** BullMQ lock token, needed to hand the job back; undefined only for manually fetched jobs. */
  readonly token: string | undefined;
  readonly controller: AbortController;
  /** Aborted when the worker is stopping: the processor saves a checkpoint and hands the job back. */
  readonly drainController: AbortController;
  /** Makes the processor wrapper throw `WaitingError`, so BullMQ leaves the handed-back job alone. */
  readonly release: () => void;
}

/** What {@link RunningJobs.start} gives the processor wrapper. */
export interface StartedJob {
  /** Aborted when a cancel for this job reaches this process. */
  readonly signal: AbortSignal;
  /** Aborted when this worker starts stopping (see `drainAll`). */
  readonly drain: AbortSignal;
  /** Rejects with `WaitingError` once the job has been handed back to the queue. */
  readonly handedBack: Promise<never>;
  /** Forgets the job; call when its processor has settled. */
  readonly finish: () => void;
}

/**
 * The jobs a training worker is running in this process, keyed by Trainyard job id (which is also their
 * BullMQ job id). Routes cancels to their AbortControllers and hands jobs back on shutdown.
 */
export class RunningJobs {
  private readonly jobs = new Map<string, RunningJob>();

  get size(): number {
    return this.jobs.size;
  }

  /** Registers a job whose processor is about to start. */
  start(jobId: string, job: Job, token: string | undefined): StartedJob {
    const controller = new AbortController();
    const drainController = new AbortController();
    let release: () => void = () => undefined;
    const handedBack = new Promise<never>((_resolve, reject) => {
      release = () => reject(new WaitingError());
    });
    // The wrapper races on `handedBack`; this branch only keeps a late release from being unhandled.
    handedBack.catch(() => undefined);
    this.jobs.set(jobId, { job, token, controller, drainController, release });
    return { signal: controller.signal, drain: drainController.signal, handedBack, finish: () => this.jobs.delete(jobId) };
  }

  /** Aborts the signal of the job if it runs here. Returns whether it did. */
  cancel(jobId: string): boolean {
    const running = this.jobs.get(jobId);
    if (running === undefined || running.controller.signal.aborted) return false;
    running.controller.abort(new Error(`job ${jobId} was cancelled`));
    return true;
  }

  /**
   * Moves every running job back to the queue's wait list (no attempt is used up, no stall counted)
   * and releases its processor wrapper. The processors themselves keep running until the process
   * exits: callers exit soon after.
   */
  async handBackAll(logger: Logger): Promise<void> {
    await Promise.all([...this.jobs.keys()].map((jobId) => this.handBack(jobId, logger)));
  }

  /** Asks every running job's processor to stop after its current batch and hand its job back. */
  drainAll(): void {
    for (const running of this.jobs.values()) running.drainController.abort(new Error("the worker is stopping"));
  }

  /** Moves one running job back to the wait list (see `handBackAll`) and releases its processor wrapper. */
  async handBack(jobId: string, logger: Logger): Promise<void> {
    const running = this.jobs.get(jobId);
    if (running === undefined) return;
    if (running.token !== undefined) {
      try {
        await running.job.moveToWait(running.token);
        logger.info({ jobId }, "job handed back");
      } catch (error) {
        // Lock already lost: the stalled check of another worker will redeliver it.
        logger.warn({ jobId, err: error }, "job hand-back failed");
      }
    }
    this.jobs.delete(jobId);
    running.release();
  }
}
