import type * as tfjs from "@tensorflow/tfjs";
import type { Batch } from "./make-batch.js";
import { MemoryBatchSource } from "./memory-batch-source.js";
import { StreamedBatchSource } from "./streamed-batch-source.js";
import { isStreamedDataset, type TrainingData } from "./streamed-dataset.js";

/**
 * Where the training loop and scoring get their batches from: the one place where data in memory
 * and streamed data differ. The caller disposes every batch it receives, and may stop iterating
 * at any time.
 */
export interface BatchSource {
  /** Batches per training epoch: ceil(training samples / batchSize). */
  readonly batchesPerEpoch: number;
  /**
   * One epoch's training batches, each training sample exactly once; call once per epoch. With
   * `resumeAfterBatches` (sources that `canResumeMidEpoch`): the rest of the epoch whose order was
   * restored, skipping its first batches and not shuffling again.
   */
  trainingEpoch(resumeAfterBatches?: number): AsyncGenerator<Batch>;
  /** Whether a checkpoint can be taken (and resumed) in the middle of an epoch. */
  readonly canResumeMidEpoch: boolean;
  /** `samples` in batches of at most `size`, for scoring (the order of samples may differ). */
  scoringBatches(samples: Int32Array, size: number): AsyncGenerator<Batch>;
  /**
   * The training order the next epoch starts from, when it carries over between epochs (in memory:
   * each epoch shuffles the last one's order); null when each epoch starts afresh (streamed).
   */
  trainingOrder(): Int32Array | null;
  /** Continues from a `trainingOrder` saved in a checkpoint. */
  restoreTrainingOrder(order: Int32Array): void;
}

export interface BatchSourceOptions {
  /** Ascending indices of the training samples. */
  train: Int32Array;
  /** Training batch size. */
  batchSize: number;
  /** Seeded random source for the per-epoch shuffle; null: no shuffle (ascending order). */
  random: (() => number) | null;
}

/** The batch source for `data`: copies from memory, or blocks read through a streamed dataset's reader. */
export function createBatchSource(tf: typeof tfjs, data: TrainingData, inputShape: number[], options: BatchSourceOptions): BatchSource {
  return isStreamedDataset(data) ? new StreamedBatchSource(tf, data, inputShape, options) : new MemoryBatchSource(tf, data, inputShape, options);
}
