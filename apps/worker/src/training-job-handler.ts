import type * as tfjs from "@tensorflow/tfjs";
import type { Logger } from "pino";
import type { TrainJobPayload } from "@trainyard/contracts";
import type { ArtifactRepository, DatasetRepository, JobRecord, JobRepository, ObjectStore } from "@trainyard/domain";
import { decodeDataset } from "@trainyard/datasets";
import { buildModel, saveModel, trainModel } from "@trainyard/training";
import { UnrecoverableJobError } from "@trainyard/queue";
import { ProgressReporter } from "./progress-reporter.js";
import { describeFailure, isUserError } from "./job-failure.js";

/** The TensorFlow.js instance the worker loaded, and its backend's name. */
export interface TrainingBackend {
  tf: typeof tfjs;
  name: string;
}

export interface TrainingJobDeps {
  jobs: JobRepository;
  datasets: DatasetRepository;
  artifacts: ArtifactRepository;
  store: ObjectStore;
  backend: TrainingBackend;
  workerId: string;
  logger: Logger;
}

export interface TrainingJobContext {
  /** 1-based attempt number. */
  attempt: number;
  /** Attempts the queue allows; the last one that fails for an infrastructure reason fails the job. */
  maxAttempts: number;
  /** Aborted when the job is cancelled (from any API process). */
  signal: AbortSignal;
}

/**
 * The queue processor for one training job: mark it RUNNING, load its dataset, train with
 * per-batch progress and cooperative cancel, store the model, and record the outcome.
 */
export function createTrainingJobHandler(deps: TrainingJobDeps) {
  return async (payload: TrainJobPayload, context: TrainingJobContext): Promise<void> => {
    const logger = deps.logger.child({ jobId: payload.jobId, attempt: context.attempt });
    const job = await deps.jobs.markRunning(payload.jobId, { workerId: deps.workerId, backend: deps.backend.name });
    if (job === null) {
      const current = await deps.jobs.findByIdForWorker(payload.jobId);
      logger.info({ status: current?.status ?? "missing" }, "job not runnable, skipped");
      return;
    }
    logger.info({ backend: deps.backend.name }, "job started");
    try {
      const outcome = await runTraining(deps, job, context, logger);
      const final = await deps.jobs.finish(job.id, outcome, outcome === "CANCELLED" ? "cancelled by request" : undefined);
      logger.info({ status: final?.status ?? outcome }, "job finished");
    } catch (error) {
      if (isUserError(error) || context.attempt >= context.maxAttempts) {
        await deps.jobs.finish(job.id, "FAILED", describeFailure(error));
        logger.warn({ err: error }, "job failed");
        throw new UnrecoverableJobError(describeFailure(error), { cause: error });
      }
      logger.warn({ err: error }, "job attempt failed; will be retried");
      throw error;
    }
  };
}

async function runTraining(
  deps: TrainingJobDeps,
  job: JobRecord,
  context: TrainingJobContext,
  logger: Logger,
): Promise<"SUCCEEDED" | "CANCELLED"> {
  const { tf } = deps.backend;
  const tensorsBefore = tf.memory().numTensors;
  const dataset = await deps.datasets.findById(job.tenantId, job.datasetId);
  if (dataset === null) throw new Error(`dataset ${job.datasetId} of job ${job.id} is gone`);
  const [x, y] = await Promise.all([
    deps.store.getBuffer(`${dataset.storageKey}/x.bin`),
    deps.store.getBuffer(`${dataset.storageKey}/y.bin`),
  ]);
  const data = decodeDataset(dataset, x, y);
  const { spec } = job;
  const model = buildModel(tf, spec.model, { featureShape: dataset.featureShape, numClasses: dataset.numClasses }, spec.training.seed);
  const progress = new ProgressReporter(deps.jobs, job.id, logger);
  // The queue's cancel message aborts context.signal; re-reading the status once per epoch also
  // catches a cancel whose message this process missed.
  let cancelSeenInDatabase = false;
  try {
    const result = await trainModel({
      tf,
      model,
      training: spec.training,
      data,
      validationSplit: spec.dataset.validationSplit,
      onBatchEnd: (p) => progress.report(p),
      onEpochEnd: async (epoch, metrics) => {
        await deps.jobs.recordEpoch(job.id, epoch, metrics);
        logger.info({ epoch, ...metrics }, "epoch finished");
        const current = await deps.jobs.findByIdForWorker(job.id);
        if (current?.status === "CANCELLING") cancelSeenInDatabase = true;
      },
      shouldStop: () => context.signal.aborted || cancelSeenInDatabase,
    });
    await progress.flush();
    if (result.stopped) return "CANCELLED";
    await storeModel(deps, job, model);
    return "SUCCEEDED";
  } finally {
    model.dispose();
    const leaked = tf.memory().numTensors - tensorsBefore;
    if (leaked !== 0) logger.warn({ leaked }, "tensors left after job");
  }
}

async function storeModel(deps: TrainingJobDeps, job: JobRecord, model: Parameters<typeof saveModel>[1]): Promise<void> {
  const prefix = `tenants/${job.tenantId}/jobs/${job.id}`;
  await saveModel(deps.backend.tf, model, async (path, bytes) => {
    const storageKey = `${prefix}/model/${path}`;
    const { sizeBytes } = await deps.store.put(storageKey, bytes);
    await deps.artifacts.upsert({ jobId: job.id, kind: "model", path: `model/${path}`, storageKey, sizeBytes });
  });
}
