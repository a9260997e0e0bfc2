import { QueueEvents, Worker } from "bullmq";
import { pino, type Logger } from "pino";
import { cancelEventName, type CancelEventListener } from "./cancel-event.js";
import { makeTrainingProcessor, type TrainingJobProcessor } from "./make-training-processor.js";
import { RunningJobs } from "./running-jobs.js";
import { withTimeout } from "./with-timeout.js";

/** How far back in the events stream a new worker starts reading cancels. */
const cancelLookbackMs = 60_000;

/** Options of {@link createTrainingWorker}. */
export interface TrainingWorkerOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  connection: string;
  /** BullMQ queue name; must match the API's `BullJobQueue`. */
  queueName: string;
  /** Prefix of every BullMQ key in Redis; must match the API's. @defaultValue "trainyard" */
  prefix?: string;
  /** Jobs this process trains at the same time. @defaultValue 1 */
  concurrency?: number;
  /**
   * Milliseconds a job's lock lasts; BullMQ renews it every `lockDuration / 2` from the event loop.
   * When a worker dies, its job is redelivered about `lockDuration` (+ up to `stalledInterval`) later.
   * The processor must yield to the event loop (e.g. `await tf.nextFrame()` between batches) well within
   * `lockDuration / 2`: a longer synchronous stretch lets the lock expire and the job runs twice.
   * @defaultValue 30000
   */
  lockDuration?: number;
  /** Milliseconds between this worker's checks for jobs whose lock expired. @defaultValue 30000 */
  stalledInterval?: number;
  /** Times a job may be redelivered after its lock expired before it fails. @defaultValue 1 */
  maxStalledCount?: number;
  /** Receives worker events; each job logs through `logger.child({ jobId, attempt })`. @defaultValue a pino logger on stdout */
  logger?: Logger;
  /** Trains one job. See {@link TrainingJobProcessor}. */
  process: TrainingJobProcessor;
  /**
   * Called when BullMQ gives a job up for good (attempts used up, an unrecoverable error, or stalled
   * more than `maxStalledCount` times), so the system of record can say so. Errors it throws are logged.
   * @defaultValue none
   */
  onGivenUp?: (jobId: string, reason: string) => Promise<void>;
}

/** Options of {@link TrainingWorker.close}. */
export interface CloseTrainingWorkerOptions {
  /**
   * Wait this many milliseconds for running jobs, then hand them back to the queue (they go back to the
   * wait list at once, no attempt used) and return. The handed-back processors are abandoned, not
   * stopped: exit the process right after. @defaultValue undefined (wait until the jobs finish)
   */
  handBackAfterMs?: number;
}

/** A running training worker, from {@link createTrainingWorker}. */
export interface TrainingWorker {
  /** Resolves once the worker and its cancel listener are connected. Useful in tests. */
  waitUntilReady(): Promise<void>;
  /** Aborts the signal of `jobId` if it runs in this process; returns whether it did. */
  onCancel(jobId: string): boolean;
  /**
   * Stops taking jobs, waits for the running ones (cancels still reach them meanwhile) or hands them back
   * after `handBackAfterMs`, then closes every connection. Calling it again returns the same promise.
   * If the process is killed before that, its jobs are redelivered by another worker's stalled check.
   */
  close(options?: CloseTrainingWorkerOptions): Promise<void>;
}

/**
 * Starts a BullMQ worker that trains jobs from `queueName`, plus a `QueueEvents` that listens for cancels
 * published by `BullJobQueue.publishCancel` from any process. Connections open here and close in `close`.
 */
export function createTrainingWorker(options: TrainingWorkerOptions): TrainingWorker {
  const connection = { url: options.connection };
  const prefix = options.prefix ?? "trainyard";
  const logger = (options.logger ?? pino()).child({ queue: options.queueName });
  const runningJobs = new RunningJobs();

  // Reads the events stream from a little before "now" rather than from BullMQ's default "$", which only
  // starts once the first XREAD is sent: a cancel published while this process connects is not lost,
  // even if this host's clock runs ahead of Redis's. Replaying an older cancel is harmless: it can only
  // abort a job that was cancelled.
  const cancelEvents = new QueueEvents(options.queueName, {
    connection,
    prefix,
    lastEventId: `${Date.now() - cancelLookbackMs}-0`,
  });
  cancelEvents.on("error", (error) => logger.warn({ err: error }, "cancel listener redis error"));
  cancelEvents.on<CancelEventListener, typeof cancelEventName>(cancelEventName, ({ jobId }) => {
    if (runningJobs.cancel(jobId)) logger.info({ jobId }, "job cancel received");
  });

  const worker = new Worker(options.queueName, makeTrainingProcessor(options.process, runningJobs, logger), {
    connection,
    prefix,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDuration ?? 30_000,
    stalledInterval: options.stalledInterval ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 1,
  });
  worker.on("error", (error) => logger.error({ err: error }, "worker error"));
  worker.on("failed", (job, error) => {
    logger.warn({ jobId: job?.id, attemptsMade: job?.attemptsMade, err: error }, "job attempt failed");
    const givenUp = job !== undefined && (error.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1));
    if (givenUp && job.id !== undefined && options.onGivenUp !== undefined) {
      options.onGivenUp(job.id, error.message).catch((hookError: unknown) => logger.error({ err: hookError, jobId: job.id }, "onGivenUp failed"));
    }
  });
  worker.on("stalled", (jobId) => logger.warn({ jobId }, "job lock expired; it is redelivered or, past maxStalledCount, failed"));

  let closing: Promise<void> | undefined;
  const close = async (closeOptions: CloseTrainingWorkerOptions = {}): Promise<void> => {
    const workerClosed = worker.close();
    const { handBackAfterMs } = closeOptions;
    // Running jobs stop after their current batch, save a checkpoint and hand themselves back;
    // whatever still runs after the grace period is handed back as it is.
    if (handBackAfterMs !== undefined) runningJobs.drainAll();
    if (handBackAfterMs !== undefined) {
      const finishedInTime = await withTimeout(
        workerClosed.then(() => true),
        handBackAfterMs,
        () => new Error("running jobs did not finish in time"),
      ).catch(() => false);
      if (!finishedInTime) await runningJobs.handBackAll(logger);
    }
    try {
      await workerClosed;
    } finally {
      await cancelEvents.close();
    }
  };

  return {
    waitUntilReady: async () => {
      await Promise.all([worker.waitUntilReady(), cancelEvents.waitUntilReady()]);
    },
    onCancel: (jobId) => runningJobs.cancel(jobId),
    close: (closeOptions) => {
      closing ??= close(closeOptions);
      return closing;
    },
  };
}
