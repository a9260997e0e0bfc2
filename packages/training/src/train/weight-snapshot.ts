import type * as tfjs from "@tensorflow/tfjs";

/**
 * A copy of all of a model's weights (trainable or not, e.g. batch-norm statistics) at one epoch.
 * The copies share storage with the weights until the optimizer replaces them, so taking one is
 * cheap. The owner must call `dispose()`.
 */
export class WeightSnapshot {
  private constructor(
    readonly epoch: number,
    private readonly tensors: tfjs.Tensor[],
  ) {}

  /** Copies `model`'s current weights, labelled with the 1-based `epoch` they belong to. */
  static take(tf: typeof tfjs, model: tfjs.LayersModel, epoch: number): WeightSnapshot {
    return new WeightSnapshot(epoch, tf.tidy(() => model.getWeights().map((w) => tf.clone(w))));
  }

  /** A snapshot of tensors that already hold an epoch's weights (in `model.getWeights()` order); it takes ownership. */
  static fromTensors(epoch: number, tensors: tfjs.Tensor[]): WeightSnapshot {
    return new WeightSnapshot(epoch, tensors);
  }

  /** The copied weights, in `model.getWeights()` order (still owned by the snapshot). */
  get weights(): readonly tfjs.Tensor[] {
    return this.tensors;
  }

  /** Writes the copied values back into `model`'s weights. */
  restore(model: tfjs.LayersModel): void {
    model.setWeights(this.tensors);
  }

  dispose(): void {
    for (const t of this.tensors) t.dispose();
  }
}
