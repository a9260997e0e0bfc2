import type * as tfjs from "@tensorflow/tfjs";
import type { NumericDataset } from "@trainyard/domain";
import type { BatchSource, BatchSourceOptions } from "./batch-source.js";
import { makeBatch, type Batch } from "./make-batch.js";
import { shuffleInPlace } from "./seeded-random.js";

/**
 * Batches copied out of a dataset held in memory. Each epoch shuffles the previous epoch's order
 * again (Fisher-Yates, from the seeded random source), so a seed gives the same order as before
 * batch sources existed.
 */
export class MemoryBatchSource implements BatchSource {
  readonly batchesPerEpoch: number;
  readonly canResumeMidEpoch = true;
  private readonly order: Int32Array;

  constructor(
    private readonly tf: typeof tfjs,
    private readonly data: NumericDataset,
    private readonly inputShape: number[],
    private readonly options: BatchSourceOptions,
  ) {
    this.order = Int32Array.from(options.train);
    this.batchesPerEpoch = Math.ceil(this.order.length / options.batchSize);
  }

  async *trainingEpoch(resumeAfterBatches = 0): AsyncGenerator<Batch> {
    const { batchSize, random } = this.options;
    if (random !== null && resumeAfterBatches === 0) shuffleInPlace(this.order, random);
    yield* this.slices(this.order, batchSize, resumeAfterBatches * batchSize);
  }

  trainingOrder(): Int32Array {
    return Int32Array.from(this.order);
  }

  restoreTrainingOrder(order: Int32Array): void {
    if (order.length !== this.order.length) throw new RangeError(`a checkpoint's training order has ${order.length} samples, the split ${this.order.length}`);
    this.order.set(order);
  }

  async *scoringBatches(samples: Int32Array, size: number): AsyncGenerator<Batch> {
    yield* this.slices(samples, size);
  }

  private *slices(samples: Int32Array, size: number, from = 0): Generator<Batch> {
    for (let start = from; start < samples.length; start += size) {
      yield makeBatch(this.tf, this.data, this.inputShape, samples, start, Math.min(samples.length, start + size));
    }
  }
}
