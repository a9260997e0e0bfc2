import { setImmediate as nextMacrotask } from "node:timers/promises";
import type * as tfjs from "@tensorflow/tfjs";
import type { TrainingSpec } from "@trainyard/contracts";
import { InvalidInputError } from "@trainyard/domain";
import { createBatchSource } from "./batch-source.js";
import { BestWeightsKeeper } from "./best-weights-keeper.js";
import { checkData } from "./check-data.js";
import { captureCheckpoint, restoreCheckpoint } from "./checkpoint-state.js";
import { checkTrainingOptions } from "./check-training-options.js";
import { trainStep, type BatchScore } from "./classification-steps.js";
import { createOptimizer } from "./create-optimizer.js";
import { disposeOptimizer } from "./dispose-optimizer.js";
import { scoreSamples } from "./evaluate-model.js";
import { LearningRateSchedule } from "./learning-rate-schedule.js";
import { MetricMonitor } from "./metric-monitor.js";
import { resolveLoss } from "./resolve-loss.js";
import { createSeededRandom } from "./seeded-random.js";
import { setLearningRate } from "./set-learning-rate.js";
import { splitIndices, type DataSplit } from "./split-indices.js";
import type { TrainingData } from "./streamed-dataset.js";
import type { TrainingCheckpoint } from "./training-checkpoint.js";

/**
 * Metrics of one epoch: training means over its batches (loss includes the regularization
 * penalty), validation over the held-out samples, and the learning rate the epoch trained with.
 * Plain numbers; a type alias (not an interface) so it is assignable to `Record<string, number>`.
 */
export type EpochMetrics = {
  loss: number;
  accuracy: number;
  /** Present when there are validation samples. */
  val_loss?: number;
  val_accuracy?: number;
  lr: number;
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
  /** The model to train in place (one input, one `[batch, units]` output); it needs no compile. */
  model: tfjs.LayersModel;
  /** Every option is honoured: optimizer, momentum, loss, schedule, early stopping, selection... */
  training: TrainingSpec;
  /**
   * Numeric samples (text is tokenized to int32 ids first), in memory or streamed from storage
   * (`StreamedDataset`: read in blocks through a shuffle buffer; the same split and loop).
   */
  data: TrainingData;
  /**
   * Precomputed training and validation indices into `data` (e.g. the split a text vocabulary was
   * built from, or a cross-validation fold). Default: `splitIndices` with `validationSplit`,
   * `stratify` and `training.seed`.
   */
  split?: DataSplit;
  /** Fraction of samples held out for validation when no `split` is given, default 0 (none). */
  validationSplit?: number;
  /** Keep class proportions in both parts when no `split` is given, default false. */
  stratify?: boolean;
  /** Called synchronously after every batch; the caller throttles. */
  onBatchEnd?: (progress: BatchProgress) => void;
  /** Called and awaited once per completed epoch (1-based). */
  onEpochEnd?: (epoch: number, metrics: EpochMetrics) => Promise<void>;
  /** Checked after every batch (and once before the first); true stops training cooperatively. */
  shouldStop?: () => boolean;
  /**
   * Called and awaited after every `checkpointEveryEpochs`-th epoch (after `onEpochEnd`, unless
   * training stops there): the model holds that epoch's weights, and `checkpoint` the rest of the
   * state needed to continue. Not called after the last epoch (the final model follows).
   */
  onCheckpoint?: (checkpoint: TrainingCheckpoint) => Promise<void>;
  /** Epochs between checkpoints, default 1. */
  checkpointEveryEpochs?: number;
  /**
   * Asked when `shouldStop` stops training in the middle of an epoch: true (a worker that is
   * stopping and hands the job back) also calls `onCheckpoint` with the state in the middle of the
   * epoch, when the data allows it (in memory; streamed data checkpoints at epoch ends only).
   */
  checkpointOnStop?: () => boolean;
  /**
   * Continue after a checkpoint instead of starting: the model must already hold the checkpoint's
   * weights. Training goes on from epoch `resume.epoch + 1` and, with the same data, seed and
   * backend, ends with the weights an uninterrupted run would have.
   */
  resume?: TrainingCheckpoint;
}

export interface TrainModelResult {
  /** Whether `shouldStop` ended training (a cancel); the weights are then the last batch's. */
  stopped: boolean;
  /** Whether `training.earlyStopping` ended training before `training.epochs`. */
  stoppedEarly: boolean;
  /** Epochs whose training, validation and `onEpochEnd` all finished. */
  epochsCompleted: number;
  /** The last completed epoch's metrics; null when none completed. */
  finalMetrics: EpochMetrics | null;
  /**
   * The epoch whose weights the model holds when `modelSelection` (or earlyStopping with
   * restoreBestWeights) chose them; null otherwise: the model holds the last epoch's weights.
   */
  bestEpoch: number | null;
  /** That epoch's metrics; null when `bestEpoch` is. */
  bestMetrics: EpochMetrics | null;
}

/**
 * Trains `model` in place, in batches of our own so that progress and cancellation work per batch.
 * Between batches it awaits a macrotask, so the process keeps serving timers and messages (lock
 * renewals, cancel events) while it trains.
 *
 * The loss is `training.loss` or follows the output (see `resolveLoss`), plus the model's
 * regularization penalties. The learning rate follows `training.learningRateSchedule`;
 * `earlyStopping` ends training when its metric stops improving; `modelSelection` (or
 * `earlyStopping.restoreBestWeights`, if there is no modelSelection) leaves the best epoch's
 * weights in the model at the end, unless training was stopped by `shouldStop`.
 *
 * A `StreamedDataset` trains through the same loop: its blocks are read in a seeded order that
 * changes every epoch and batches are drawn from a seeded shuffle buffer (see `streamSamples`);
 * its split is the same `splitIndices` split as in memory (the labels are in memory).
 *
 * With `training.seed`, the split, shuffling and dropout masks are seeded: the same seed, data, initial weights and
 * backend give the same weights. The optimizer is created here and disposed before returning; the
 * number of live tensors afterwards equals the number before.
 *
 * @throws InvalidInputError for field "dataset.id" when the data does not fit the model, for
 *   "training.loss" when the loss does not fit it, and as `checkTrainingOptions` does.
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainModelResult> {
  const { tf, model, training, data, onBatchEnd, onEpochEnd } = options;
  const shouldStop = options.shouldStop ?? (() => false);
  const { inputShape, outputUnits } = checkData(model, data);
  const loss = resolveLoss(training.loss, outputUnits);
  const seed = training.seed ?? Math.floor(Math.random() * 2 ** 31);
  const split = options.split ?? splitIndices({
    labels: data.labels,
    count: data.count,
    validationSplit: options.validationSplit ?? 0,
    seed,
    stratify: options.stratify ?? false,
  });
  checkSplit(split, data.count);
  checkTrainingOptions(training, { hasValidation: split.validation.length > 0 });

  if (options.resume !== undefined && options.resume.epoch >= training.epochs) {
    throw new RangeError(`a checkpoint after epoch ${options.resume.epoch} leaves nothing to train in ${training.epochs} epochs`);
  }
  const random = createSeededRandom(seed);
  // A second stream for dropout masks, so they do not shift the shuffling order.
  const maskRandom = createSeededRandom(seed ^ 0x5eed5);
  const source = createBatchSource(tf, data, inputShape, {
    train: split.train,
    batchSize: training.batchSize,
    random: training.shuffle ? random : null,
  });
  const trainCount = split.train.length;
  const batches = source.batchesPerEpoch;
  const schedule = new LearningRateSchedule(training.learningRateSchedule, training.learningRate);
  const { earlyStopping } = training;
  const stopMonitor = earlyStopping ? new MetricMonitor(earlyStopping.monitor, earlyStopping.mode, earlyStopping.minDelta) : undefined;
  const keeper = createKeeper(tf, training);
  const optimizer = createOptimizer(tf, training.optimizer, training.learningRate, {
    momentum: training.momentum,
    nesterov: training.nesterov,
  });
  const result: TrainModelResult = {
    stopped: false,
    stoppedEarly: false,
    epochsCompleted: 0,
    finalMetrics: null,
    bestEpoch: null,
    bestMetrics: null,
  };
  const loopState = { tf, optimizer, random, maskRandom, source, schedule, stopMonitor, keeper };
  const history: EpochMetrics[] = [];
  try {
    let resumeInEpoch: TrainingCheckpoint["inEpoch"] = null;
    if (options.resume !== undefined) {
      await restoreCheckpoint(loopState, options.resume);
      history.push(...options.resume.history);
      result.epochsCompleted = options.resume.epoch;
      result.finalMetrics = history.at(-1) ?? null;
      resumeInEpoch = options.resume.inEpoch;
      if (resumeInEpoch !== null && !source.canResumeMidEpoch) throw new RangeError("this data cannot resume in the middle of an epoch");
    }
    if (shouldStop()) return { ...result, stopped: true };
    for (let epoch = result.epochsCompleted + 1; epoch <= training.epochs; epoch++) {
      const lr = schedule.rateFor(epoch);
      setLearningRate(optimizer, lr);
      const total: BatchScore = { lossSum: resumeInEpoch?.lossSum ?? 0, correct: resumeInEpoch?.correct ?? 0 };
      let b = resumeInEpoch?.batches ?? 0;
      const batchesToSkip = b;
      resumeInEpoch = null;
      for await (const batch of source.trainingEpoch(batchesToSkip)) {
        try {
          const score = await trainStep(tf, model, optimizer, batch, loss, maskRandom);
          total.lossSum += score.lossSum;
          total.correct += score.correct;
        } finally {
          tf.dispose([batch.xs, batch.labels]);
        }
        onBatchEnd?.({ epoch, epochs: training.epochs, batch: ++b, batches });
        if (shouldStop()) {
          if (b < batches && options.onCheckpoint !== undefined && source.canResumeMidEpoch && options.checkpointOnStop?.() === true) {
            await options.onCheckpoint(await captureCheckpoint(loopState, history, { batches: b, ...total }));
          }
          return { ...result, stopped: true };
        }
        await nextMacrotask();
      }
      const metrics: EpochMetrics = { loss: total.lossSum / trainCount, accuracy: total.correct / trainCount, lr };
      if (split.validation.length > 0) {
        const score = await scoreSamples(tf, model, source, split.validation, loss, training.batchSize);
        metrics.val_loss = score.loss;
        metrics.val_accuracy = score.accuracy;
      }
      await onEpochEnd?.(epoch, metrics);
      history.push(metrics);
      result.epochsCompleted = epoch;
      result.finalMetrics = metrics;
      schedule.epochEnded(epoch, metrics);
      keeper?.epochEnded(model, epoch, metrics);
      if (stopMonitor !== undefined && earlyStopping !== undefined) {
        stopMonitor.update(epoch, metrics);
        if (stopMonitor.exhausted(earlyStopping.patience) && epoch < training.epochs) {
          result.stoppedEarly = true;
          break;
        }
      }
      if (options.onCheckpoint !== undefined && epoch < training.epochs && epoch % (options.checkpointEveryEpochs ?? 1) === 0) {
        await options.onCheckpoint(await captureCheckpoint(loopState, history));
      }
    }
    const best = keeper?.restore(model, result.epochsCompleted);
    if (best) {
      result.bestEpoch = best.epoch;
      result.bestMetrics = best.metrics;
    }
    return result;
  } finally {
    keeper?.dispose();
    disposeOptimizer(optimizer);
  }
}

/** modelSelection's monitor, else earlyStopping's when it restores the best weights, else none. */
function createKeeper(tf: typeof tfjs, training: TrainingSpec): BestWeightsKeeper<EpochMetrics> | undefined {
  const { modelSelection: selection, earlyStopping: stopping } = training;
  if (selection) return new BestWeightsKeeper(tf, new MetricMonitor(selection.monitor, selection.mode));
  if (stopping?.restoreBestWeights) {
    return new BestWeightsKeeper(tf, new MetricMonitor(stopping.monitor, stopping.mode, stopping.minDelta));
  }
  return undefined;
}

/** A precomputed split must index `data`; the training part must not be empty. */
function checkSplit(split: DataSplit, count: number): void {
  for (const part of [split.train, split.validation]) {
    for (const i of part) {
      if (!(Number.isInteger(i) && i >= 0 && i < count)) throw new RangeError(`split index ${i} is outside 0..${count - 1}`);
    }
  }
  if (split.train.length === 0) {
    throw InvalidInputError.forField("dataset.id", `no training samples left after the validation split (${count} samples)`);
  }
}
