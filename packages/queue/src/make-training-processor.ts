import { UnrecoverableError, WaitingError, type Job, type Processor } from "bullmq";
import type { Logger } from "pino";
import { trainJobName, trainJobPayloadSchema, type TrainJobPayload } from "@trainyard/contracts";
import type { RunningJobs } from "./running-jobs.js";
import { JobHandedBackError } from "./job-handed-back-error.js";
import { UnrecoverableJobError } from "./unrecoverable-job-error.js";

/** What a training processor learns about the delivery it is running. */
export interface TrainingJobContext {
  /**
   * 1-based attempt number (`attemptsMade + 1`): 2 and 3 are retries after a failure. A redelivery after
   * a stall or a hand-back keeps the number of the attempt it interrupted.
   */
  attempt: number;
  /**
   * Attempts BullMQ allows this job (`opts.attempts`, 3 for jobs enqueued by BullJobQueue; 1 if unset).
   * When `attempt === maxAttempts`, an error thrown now fails the job for good.
   */
  maxAttempts: number;
  /**
   * Aborted when a cancel for this job reaches this process. The processor stops at its next batch, marks
   * the job cancelled and resolves. Never aborted on shutdown.
   */
  signal: AbortSignal;
  /**
   * Aborted when this worker is stopping (SIGTERM): the processor stops after its current batch,
   * saves a checkpoint and throws `JobHandedBackError`; the job goes back to the wait list.
   */
  drain: AbortSignal;
  /** BullMQ's id of the queue entry (equal to the payload's `jobId` for jobs enqueued by BullJobQueue). */
  bullJobId: string;
}

/** Trains one job. Throw `UnrecoverableJobError` when retrying cannot help; any other error is retried. */
export type TrainingJobProcessor = (payload: TrainJobPayload, context: TrainingJobContext) => Promise<void>;

/**
 * Wraps a {@link TrainingJobProcessor} as a BullMQ processor: validates the job, registers it in
 * `runningJobs` for cancels and hand-backs, and maps errors to BullMQ's retry rules.
 *
 * - Wrong job name or invalid payload: `UnrecoverableError` (never retried, processor not called).
 * - `UnrecoverableJobError`, or any error after the job was cancelled: `UnrecoverableError`.
 * - Handed back on shutdown (by the processor's `JobHandedBackError`, or after the grace period):
 *   `WaitingError` (BullMQ leaves the job in the wait list).
 */
export function makeTrainingProcessor(
  process: TrainingJobProcessor,
  runningJobs: RunningJobs,
  logger: Logger,
): Processor<unknown, void> {
  return async (job: Job<unknown, void>, token?: string): Promise<void> => {
    const bullJobId = job.id ?? "";
    if (job.name !== trainJobName) {
      throw new UnrecoverableError(`unknown job name "${job.name}", expected "${trainJobName}"`);
    }
    const parsed = trainJobPayloadSchema.safeParse(job.data);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
      throw new UnrecoverableError(`invalid train job payload: ${issues.join("; ")}`);
    }
    const payload = parsed.data;
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    const jobLogger = logger.child({ jobId: payload.jobId, attempt });
    const started = runningJobs.start(payload.jobId, job, token);
    // Called inside an async arrow so that even a synchronous throw becomes a rejection of `work`.
    const work = (async () => process(payload, { attempt, maxAttempts, signal: started.signal, drain: started.drain, bullJobId }))();
    // After a hand-back nobody awaits `work` any more; keep its late rejection from crashing the process.
    work.catch((error: unknown) => jobLogger.debug({ err: error }, "abandoned processor failed"));
    try {
      await Promise.race([work, started.handedBack]);
      jobLogger.debug("job processed");
    } catch (error) {
      if (error instanceof WaitingError) throw error;
      if (error instanceof JobHandedBackError && !started.signal.aborted) {
        await runningJobs.handBack(payload.jobId, jobLogger);
        throw new WaitingError();
      }
      if (error instanceof UnrecoverableJobError) throw new UnrecoverableError(error.message);
      // A cancelled job must not come back, whatever the processor threw on its way out.
      if (started.signal.aborted) {
        throw new UnrecoverableError(`job cancelled: ${error instanceof Error ? error.message : String(error)}`);
      }
      throw error;
    } finally {
      started.finish();
    }
  };
}
