import type * as tfjs from "@tensorflow/tfjs";
import type { CheckpointSpec, MetricValues } from "@trainyard/contracts";
import { buildModel, trainModel, type DataSplit, type TrainModelResult } from "@trainyard/training";
import { prepareClassifierData, type ClassifierData } from "./classifier-data.js";
import { writeCheckpoint, type LoadedCheckpoint } from "./job-checkpoints.js";
import type { JobData } from "./load-job-dataset.js";
import type { TrainingRun } from "./run-training.js";

/** One trained classifier: the model (the caller disposes it), its data and how training went. */
export interface FittedClassifier {
  model: tfjs.LayersModel;
  prepared: ClassifierData;
  result: TrainModelResult;
  /** Every epoch's metrics, in order. */
  epochs: MetricValues[];
}

/**
 * Builds a fresh model and trains it on `split` of `raw`. Epochs are recorded on the job when
 * `record` (the job's model); otherwise only checked (cross-validation folds).
 */
export async function fitClassifier(
  run: TrainingRun,
  raw: JobData,
  split: DataSplit,
  options: {
    record: boolean;
    fold?: { fold: number; folds: number };
    /** Checkpoint every `plan.everyEpochs` epochs; continue from `resume` (its weights are disposed here). */
    checkpoints?: { plan: CheckpointSpec; resume: LoadedCheckpoint | null };
  },
): Promise<FittedClassifier> {
  const { tf } = run.deps.backend;
  const { spec } = run.job;
  const prepared = prepareClassifierData(raw, spec, split.train);
  const seed = run.seed + (options.fold?.fold ?? 0);
  const model = buildModel(tf, spec.model, { featureShape: raw.featureShape, dtype: raw.dtype, numClasses: prepared.data.numClasses }, seed);
  const epochs: MetricValues[] = [];
  const checkpoints = options.checkpoints;
  const resume = checkpoints?.resume ?? null;
  if (resume !== null) {
    try {
      model.setWeights(resume.weights);
    } finally {
      tf.dispose(resume.weights);
    }
  }
  try {
    const result = await trainModel({
      tf,
      model,
      training: { ...spec.training, seed },
      data: prepared.data,
      split,
      onBatchEnd: (p) => run.progress.report(options.fold === undefined ? p : { ...p, ...options.fold }),
      onEpochEnd: async (epoch, metrics) => {
        epochs.push(metrics);
        await (options.record ? run.recordEpoch(epoch, metrics) : run.checkEpoch(epoch, metrics));
      },
      shouldStop: run.shouldStop,
      ...(checkpoints === undefined
        ? {}
        : {
            checkpointEveryEpochs: checkpoints.plan.everyEpochs,
            checkpointOnStop: run.handingBack,
            onCheckpoint: async (checkpoint) => {
              await run.enterStage("CHECKPOINTING");
              await writeCheckpoint(run.deps, run.job, checkpoints.plan, model, checkpoint, prepared.modelFiles);
              run.logger.info({ epoch: checkpoint.epoch }, "checkpoint written");
              await run.enterStage("TRAINING");
            },
          }),
      ...(resume === null ? {} : { resume: resume.checkpoint }),
    });
    return { model, prepared, result, epochs };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
