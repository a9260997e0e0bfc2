import { setImmediate as nextMacrotask } from "node:timers/promises";
import type * as tfjs from "@tensorflow/tfjs";
import type { TrainingSpec } from "@trainyard/contracts";
import { InvalidInputError, type ParsedDataset } from "@trainyard/domain";
import { evaluateBatch, trainStep, type BatchScore } from "./classification-steps.js";
import { createOptimizer } from "./create-optimizer.js";
import { makeBatch } from "./make-batch.js";
import { createSeededRandom, shuffleInPlace } from "./seeded-random.js";

/**
 * Metrics of one epoch: training means over its batches, validation over the held-out samples.
 * A type alias (not an interface) so it is assignable to `Record<string, number>`.
 */
export type EpochMetrics = {
  loss: number;
  accuracy: number;
  /** Present when there are validation samples. */
  val_loss?: number;
  val_accuracy?: number;
};

/** Progress after one batch; `epoch` and `batch` are 1-based. */
export interface BatchProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
}

export interface TrainModelOptions {
  tf: typeof tfjs;
  /** The model to train in place, e.g. from `buildModel`; it needs no compile. */
  model: tfjs.LayersModel;
  training: TrainingSpec;
  data: ParsedDataset;
  /** Fraction of samples, the last ones, held out for validation; default 0 (none). */
  validationSplit?: number;
  /** Called synchronously after every batch; the caller throttles. */
  onBatchEnd?: (progress: BatchProgress) => void;
  /** Called and awaited once per completed epoch (1-based). */
  onEpochEnd?: (epoch: number, metrics: EpochMetrics) => Promise<void>;
  /** Checked after every batch (and once before the first); true stops training cooperatively. */
  shouldStop?: () => boolean;
}

export interface TrainModelResult {
  /** Whether `shouldStop` ended training early. */
  stopped: boolean;
  /** Epochs whose training, validation and `onEpochEnd` all finished. */
  epochsCompleted: number;
  /** The last completed epoch's metrics; null when none completed. */
  finalMetrics: EpochMetrics | null;
}

/** Validation runs in chunks of at least this many samples (inference needs no small batches). */
const minEvaluationChunk = 256;

/**
 * Trains `model` in place with sparse categorical cross-entropy and accuracy, in batches of our own
 * so that progress and cancellation work per batch. Between batches it awaits a macrotask, so the
 * process keeps serving timers and messages (lock renewals, cancel events) while it trains.
 *
 * With `training.seed`, shuffling is seeded: the same seed, data, initial weights and backend give
 * the same weights. The optimizer is created here and disposed before returning; the number of live
 * tensors afterwards equals the number before.
 *
 * @throws InvalidInputError for field "dataset.id" when the data does not fit the model.
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainModelResult> {
  const { tf, model, training, data, onBatchEnd, onEpochEnd } = options;
  const shouldStop = options.shouldStop ?? (() => false);
  const inputShape = checkData(model, data);
  const trainCount = Math.floor(data.count * (1 - (options.validationSplit ?? 0)));
  if (trainCount < 1) {
    throw InvalidInputError.forField("dataset.id", `no training samples left after the validation split (${data.count} samples)`);
  }
  const random = createSeededRandom(training.seed ?? Math.floor(Math.random() * 2 ** 31));
  const order = Int32Array.from({ length: trainCount }, (_, i) => i);
  const validation = Int32Array.from({ length: data.count - trainCount }, (_, i) => trainCount + i);
  const batches = Math.ceil(trainCount / training.batchSize);
  const optimizer = createOptimizer(tf, training.optimizer, training.learningRate);
  let finalMetrics: EpochMetrics | null = null;
  try {
    if (shouldStop()) return { stopped: true, epochsCompleted: 0, finalMetrics };
    for (let epoch = 1; epoch <= training.epochs; epoch++) {
      if (training.shuffle) shuffleInPlace(order, random);
      const total: BatchScore = { lossSum: 0, correct: 0 };
      for (let b = 0; b < batches; b++) {
        const start = b * training.batchSize;
        const batch = makeBatch(tf, data, inputShape, order, start, Math.min(trainCount, start + training.batchSize));
        try {
          add(total, await trainStep(tf, model, optimizer, batch));
        } finally {
          tf.dispose([batch.xs, batch.labels]);
        }
        onBatchEnd?.({ epoch, epochs: training.epochs, batch: b + 1, batches });
        if (shouldStop()) return { stopped: true, epochsCompleted: epoch - 1, finalMetrics };
        await nextMacrotask();
      }
      const metrics: EpochMetrics = { loss: total.lossSum / trainCount, accuracy: total.correct / trainCount };
      if (validation.length > 0) {
        const score = await evaluate(tf, model, data, inputShape, validation, training.batchSize);
        metrics.val_loss = score.lossSum / validation.length;
        metrics.val_accuracy = score.correct / validation.length;
      }
      await onEpochEnd?.(epoch, metrics);
      finalMetrics = metrics;
    }
    return { stopped: false, epochsCompleted: training.epochs, finalMetrics };
  } finally {
    optimizer.dispose();
  }
}

async function evaluate(
  tf: typeof tfjs,
  model: tfjs.LayersModel,
  data: ParsedDataset,
  inputShape: number[],
  samples: Int32Array,
  batchSize: number,
): Promise<BatchScore> {
  const chunk = Math.max(batchSize, minEvaluationChunk);
  const total: BatchScore = { lossSum: 0, correct: 0 };
  for (let start = 0; start < samples.length; start += chunk) {
    const batch = makeBatch(tf, data, inputShape, samples, start, Math.min(samples.length, start + chunk));
    try {
      add(total, await evaluateBatch(tf, model, batch));
    } finally {
      tf.dispose([batch.xs, batch.labels]);
    }
    await nextMacrotask();
  }
  return total;
}

function add(total: BatchScore, score: BatchScore): void {
  total.lossSum += score.lossSum;
  total.correct += score.correct;
}

/** Checks `data` against the model and itself; returns the model's per-sample input shape. */
function checkData(model: tfjs.LayersModel, data: ParsedDataset): number[] {
  const fail = (message: string): never => {
    throw InvalidInputError.forField("dataset.id", message);
  };
  const inputShape = model.inputs[0]?.shape.slice(1) ?? [];
  if (inputShape.some((d) => d === null)) fail(`the model's input shape [${inputShape}] is not fully defined`);
  const shape = inputShape as number[];
  const sampleSize = shape.reduce((a, b) => a * b, 1);
  const featureSize = data.featureShape.reduce((a, b) => a * b, 1);
  if (sampleSize !== featureSize) {
    fail(`samples of shape [${data.featureShape}] do not fit the model's input [${shape}]`);
  }
  if (data.features.length !== data.count * featureSize || data.labels.length !== data.count) {
    fail(`the dataset holds ${data.features.length} features and ${data.labels.length} labels for ${data.count} samples of shape [${data.featureShape}]`);
  }
  const classes = model.outputs[0]?.shape[1];
  if (classes !== data.numClasses) fail(`the model has ${String(classes)} outputs for ${data.numClasses} classes`);
  for (const label of data.labels) {
    if (label < 0 || label >= data.numClasses) fail(`label ${label} is outside 0..${data.numClasses - 1}`);
  }
  return shape;
}
