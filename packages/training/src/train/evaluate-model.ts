import { setImmediate as nextMacrotask } from "node:timers/promises";
import type * as tfjs from "@tensorflow/tfjs";
import { InvalidInputError } from "@trainyard/domain";
import { createBatchSource, type BatchSource } from "./batch-source.js";
import { evaluateBatch } from "./classification-steps.js";
import { checkData } from "./check-data.js";
import { regularizationPenalty } from "./regularization-penalty.js";
import { resolveLoss, type LossName } from "./resolve-loss.js";
import type { TrainingData } from "./streamed-dataset.js";

/** Loss (with the regularization penalty, as Keras reports it) and accuracy over some samples. */
export type EvaluationMetrics = { loss: number; accuracy: number };

export interface EvaluateModelOptions {
  tf: typeof tfjs;
  model: tfjs.LayersModel;
  /** In memory, or streamed (read block by block, in order). */
  data: TrainingData;
  /** Indices of the samples to score, default all. */
  samples?: Int32Array;
  /** Default: from the model's output width (see `resolveLoss`). */
  loss?: LossName;
  /** Samples per inference chunk, default 256. */
  batchSize?: number;
}

/** Inference needs no small batches: chunks are at least this big. */
export const minEvaluationChunk = 256;

/**
 * Scores the model on `data` in inference mode (e.g. a held-out test set), yielding a macrotask
 * between chunks. Leaves the live tensor count unchanged.
 *
 * @throws InvalidInputError for field "dataset.id" when the data does not fit the model or there
 *   are no samples, or
 *   "training.loss" for a loss the output cannot take.
 */
export async function evaluateModel(options: EvaluateModelOptions): Promise<EvaluationMetrics> {
  const { tf, model, data } = options;
  const { inputShape, outputUnits } = checkData(model, data);
  const loss = resolveLoss(options.loss, outputUnits);
  const samples = options.samples ?? Int32Array.from({ length: data.count }, (_, i) => i);
  if (samples.length === 0) throw InvalidInputError.forField("dataset.id", "there are no samples to evaluate");
  const source = createBatchSource(tf, data, inputShape, { train: new Int32Array(0), batchSize: 1, random: null });
  return scoreSamples(tf, model, source, samples, loss, options.batchSize ?? minEvaluationChunk);
}

/**
 * Mean loss plus penalty, and accuracy, of `samples` (at least one) of the data behind `source`
 * (made after `checkData`); chunks of `max(batchSize, minEvaluationChunk)`.
 */
export async function scoreSamples(
  tf: typeof tfjs,
  model: tfjs.LayersModel,
  source: BatchSource,
  samples: Int32Array,
  loss: LossName,
  batchSize: number,
): Promise<EvaluationMetrics> {
  const chunk = Math.max(batchSize, minEvaluationChunk);
  let lossSum = 0;
  let correct = 0;
  for await (const batch of source.scoringBatches(samples, chunk)) {
    try {
      const score = await evaluateBatch(tf, model, batch, loss);
      lossSum += score.lossSum;
      correct += score.correct;
    } finally {
      tf.dispose([batch.xs, batch.labels]);
    }
    await nextMacrotask();
  }
  return { loss: lossSum / samples.length + (await readPenalty(tf, model)), accuracy: correct / samples.length };
}

/** The current regularization penalty as a number (0 without regularizers). */
async function readPenalty(tf: typeof tfjs, model: tfjs.LayersModel): Promise<number> {
  const penalty = tf.tidy(() => regularizationPenalty(tf, model) ?? tf.scalar(0));
  try {
    return (await penalty.data())[0] ?? NaN;
  } finally {
    penalty.dispose();
  }
}
