import type { Logger } from "pino";
import type { MetricValues } from "@trainyard/contracts";
import type { JobRecord } from "@trainyard/domain";
import { decodeDataset } from "@trainyard/datasets";
import { buildModel, saveModel, trainModel } from "@trainyard/training";
import { UnrecoverableJobError } from "@trainyard/queue";
import { ProgressReporter } from "./progress-reporter.js";
import { TrainingDivergedError } from "./training-diverged-error.js";
import type { TrainingJobDeps } from "./training-job-handler.js";

/**
 * Trains one RUNNING job: loads its dataset, builds and trains the model with per-batch progress and
 * cooperative cancel, and stores the model. Returns how it ended; throws on failure.
 */
export async function runTraining(
  deps: TrainingJobDeps,
  job: JobRecord,
  signal: AbortSignal,
  logger: Logger,
): Promise<"SUCCEEDED" | "CANCELLED"> {
  const { tf } = deps.backend;
  const tensorsBefore = tf.memory().numTensors;
  const dataset = await deps.datasets.findById(job.tenantId, job.datasetId);
  if (dataset === null) throw new UnrecoverableJobError(`dataset ${job.datasetId} no longer exists`);
  const [x, y] = await Promise.all([
    deps.store.getBuffer(`${dataset.storageKey}/x.bin`),
    deps.store.getBuffer(`${dataset.storageKey}/y.bin`),
  ]);
  const data = decodeDataset(dataset, x, y);
  const { spec } = job;
  const model = buildModel(tf, spec.model, { featureShape: dataset.featureShape, numClasses: dataset.numClasses }, spec.training.seed);
  const progress = new ProgressReporter(deps.jobs, job.id, logger);
  // The queue's cancel message aborts `signal`; re-reading the status once per epoch also catches a
  // cancel whose message this process missed.
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
        assertFinite(epoch, metrics);
        await deps.jobs.recordEpoch(job.id, epoch, metrics);
        logger.info({ epoch, ...metrics }, "epoch finished");
        const current = await deps.jobs.findByIdForWorker(job.id);
        if (current?.status === "CANCELLING") cancelSeenInDatabase = true;
      },
      shouldStop: () => signal.aborted || cancelSeenInDatabase,
    });
    await progress.flush();
    if (result.stopped) return "CANCELLED";
    await storeModel(deps, job, model);
    return "SUCCEEDED";
  } finally {
    model.dispose();
    const leaked = tf.memory().numTensors - tensorsBefore;
    if (deps.checkTensorLeaks && leaked !== 0) logger.warn({ leaked }, "tensors left after job");
  }
}

function assertFinite(epoch: number, metrics: MetricValues): void {
  const bad = Object.entries(metrics).filter(([, value]) => !Number.isFinite(value));
  if (bad.length > 0) {
    throw new TrainingDivergedError(
      `training diverged at epoch ${epoch}: ${bad.map(([name, value]) => `${name} is ${value}`).join(", ")}; try a lower learningRate`,
    );
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
