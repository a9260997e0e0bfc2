import type * as tfjs from "@tensorflow/tfjs";
import type { Logger } from "pino";
import type { JobStatus, TrainJobPayload } from "@trainyard/contracts";
import type { ArtifactRepository, CheckpointRepository, DatasetRepository, JobRecord, JobRepository, ObjectStore } from "@trainyard/domain";
import { JobHandedBackError, UnrecoverableJobError } from "@trainyard/queue";
import { describeFailure, isUserError } from "./job-failure.js";
import { runTraining } from "./run-training.js";

/** The TensorFlow.js instance the worker loaded, and its backend's name. */
export interface TrainingBackend {
  tf: typeof tfjs;
  name: string;
}

export interface TrainingJobDeps {
  jobs: JobRepository;
  datasets: DatasetRepository;
  artifacts: ArtifactRepository;
  checkpoints: CheckpointRepository;
  store: ObjectStore;
  backend: TrainingBackend;
  workerId: string;
  logger: Logger;
  /** MAX_IN_MEMORY_MB: datasets stored larger than this many MiB are streamed, not loaded whole. */
  maxInMemoryMB: number;
  /** Warn when a job leaves tensors behind; only meaningful when one job runs per process. */
  checkTensorLeaks: boolean;
}

export interface TrainingJobContext {
  /** 1-based attempt number. */
  attempt: number;
  /** Attempts the queue allows; the last one that fails for an infrastructure reason fails the job. */
  maxAttempts: number;
  /** Aborted when the job is cancelled (from any API process). */
  signal: AbortSignal;
  /** Aborted when this worker is stopping: stop after the current batch, checkpoint, hand the job back. Default: never. */
  drain?: AbortSignal;
}

/**
 * The queue processor for one training job: mark it RUNNING, train it, and record the outcome.
 * User errors fail the job at once; other errors put it back to QUEUED for the queue's retry, and
 * fail it on the last attempt. A job cancelled meanwhile always ends CANCELLED.
 */
export function createTrainingJobHandler(deps: TrainingJobDeps) {
  return async (payload: TrainJobPayload, context: TrainingJobContext): Promise<void> => {
    const logger = deps.logger.child({ jobId: payload.jobId, attempt: context.attempt });
    const job = await deps.jobs.markRunning(payload.jobId, { workerId: deps.workerId, backend: deps.backend.name });
    if (job === null) {
      await skipUnrunnable(deps, payload.jobId, logger);
      return;
    }
    logger.info({ backend: deps.backend.name }, "job started");
    try {
      const outcome = await runTraining(deps, job, context.signal, logger, context.drain);
      if (outcome === "HANDED_BACK") {
        const requeued = await deps.jobs.requeue(job.id, "handed back by a stopping worker; it continues from its newest checkpoint");
        if (requeued === null) await logRefused(deps, job.id, "QUEUED", logger);
        logger.info("job handed back after a checkpoint");
        throw new JobHandedBackError(`job ${job.id} handed back`);
      }
      const final =
        outcome === "MAX_RUNTIME_EXCEEDED"
          ? await deps.jobs.finish(job.id, "FAILED", runtimeExceededReason(job), "MAX_RUNTIME_EXCEEDED")
          : await deps.jobs.finish(job.id, outcome, outcome === "CANCELLED" ? "cancelled by request" : undefined);
      if (final === null) await logRefused(deps, job.id, outcome === "MAX_RUNTIME_EXCEEDED" ? "FAILED" : outcome, logger);
      else logger.info({ status: final.status }, "job finished");
    } catch (error) {
      if (error instanceof JobHandedBackError) throw error;
      await handleFailure(deps, job, context, error, logger);
    }
  };
}

/** The job is not QUEUED or RUNNING: finished, cancelled before it started, or CANCELLING after a lost attempt. */
async function skipUnrunnable(deps: TrainingJobDeps, jobId: string, logger: Logger): Promise<void> {
  const current = await deps.jobs.findByIdForWorker(jobId);
  if (current?.status === "CANCELLING") {
    await deps.jobs.finish(jobId, "CANCELLED", "cancelled by request");
    logger.info("cancelled job closed");
    return;
  }
  logger.info({ status: current?.status ?? "missing" }, "job not runnable, skipped");
}

async function handleFailure(deps: TrainingJobDeps, job: JobRecord, context: TrainingJobContext, error: unknown, logger: Logger): Promise<void> {
  const current = await deps.jobs.findByIdForWorker(job.id).catch(() => null);
  if (context.signal.aborted || current?.status === "CANCELLING") {
    await deps.jobs.finish(job.id, "CANCELLED", "cancelled by request");
    logger.info({ err: error }, "job cancelled while failing");
    return;
  }
  const reason = describeFailure(error);
  if (isUserError(error) || context.attempt >= context.maxAttempts) {
    if ((await deps.jobs.fail(job.id, reason)) === null) await logRefused(deps, job.id, "FAILED", logger);
    logger.warn({ err: error }, "job failed");
    throw new UnrecoverableJobError(reason, { cause: error });
  }
  const requeued = await deps.jobs.requeue(job.id, `attempt ${context.attempt} of ${context.maxAttempts} failed (${reason}); retrying`);
  if (requeued === null) await logRefused(deps, job.id, "QUEUED", logger);
  logger.warn({ err: error }, "job attempt failed; will be retried");
  throw error;
}

/** A status change the transition table refused (the job moved on meanwhile): logged with where it is. */
async function logRefused(deps: TrainingJobDeps, jobId: string, to: JobStatus, logger: Logger): Promise<void> {
  const current = await deps.jobs.findByIdForWorker(jobId).catch(() => null);
  logger.warn({ from: current?.status ?? "missing", to }, "illegal transition refused");
}

/** What a job stopped by its runtime limit says: the limit, and how to go on. */
function runtimeExceededReason(job: JobRecord): string {
  const limit = job.spec.stoppingCondition?.maxRuntimeSeconds ?? 0;
  return `stopped after its maxRuntimeSeconds (${limit} s) of training; its checkpoints are kept: POST /v1/jobs/${job.id}/resume continues with a new budget`;
}
