import type * as tfjs from "@tensorflow/tfjs";
import type { Batch } from "./make-batch.js";
import { regularizationPenalty } from "./regularization-penalty.js";
import type { LossName } from "./resolve-loss.js";
import { scoreTensors } from "./score-tensors.js";
import { withMathRandom } from "./with-math-random.js";

/** Summed loss and correct-prediction count of one batch, read back from the backend. */
export interface BatchScore {
  lossSum: number;
  correct: number;
}

/**
 * One gradient step on `batch` (with `random`, its dropout masks are drawn from it): the batch mean of `loss` plus the model's regularization penalty
 * (as Keras minimises and reports it), minimised by `optimizer` over the model's trainable weights.
 * `lossSum` is that total times the batch size. Every intermediate tensor lives inside `tf.tidy`;
 * the two scalars it returns are read after it, then disposed.
 */
export async function trainStep(
  tf: typeof tfjs,
  model: tfjs.LayersModel,
  optimizer: tfjs.Optimizer,
  batch: Batch,
  loss: LossName = "sparseCategoricalCrossentropy",
  random?: () => number,
): Promise<BatchScore> {
  let correct: tfjs.Scalar | undefined;
  let cost: tfjs.Scalar | undefined;
  try {
    // Dropout masks draw from Math.random: with `random` they follow the job's seed.
    cost = withMathRandom(random, () => tf.tidy(() => {
      const variables = model.trainableWeights.map((w) => w.read() as tfjs.Variable);
      const mean = optimizer.minimize(
        () => {
          const outputs = model.apply(batch.xs, { training: true }) as tfjs.Tensor2D;
          const score = scoreTensors(tf, loss, outputs, batch.labels);
          // The forward pass runs in its own scope; keep the count so it survives until read.
          correct = tf.keep(score.correct);
          const dataLoss = tf.div(score.lossSum, batch.size) as tfjs.Scalar;
          const penalty = regularizationPenalty(tf, model);
          return penalty === undefined ? dataLoss : tf.add(dataLoss, penalty);
        },
        true,
        variables,
      );
      if (mean === null) throw new Error("optimizer.minimize returned no cost");
      return mean;
    }));
    if (correct === undefined) throw new Error("the loss function did not run");
    const [lossMean, correctCount] = await Promise.all([cost.data(), correct.data()]);
    return { lossSum: (lossMean[0] ?? NaN) * batch.size, correct: correctCount[0] ?? 0 };
  } finally {
    cost?.dispose();
    correct?.dispose();
  }
}

/** Scores `batch` without training (inference mode); `lossSum` holds no regularization penalty. */
export async function evaluateBatch(
  tf: typeof tfjs,
  model: tfjs.LayersModel,
  batch: Batch,
  loss: LossName = "sparseCategoricalCrossentropy",
): Promise<BatchScore> {
  const { lossSum, correct } = tf.tidy(() => {
    const outputs = model.apply(batch.xs, { training: false }) as tfjs.Tensor2D;
    return scoreTensors(tf, loss, outputs, batch.labels);
  });
  try {
    const [sum, hits] = await Promise.all([lossSum.data(), correct.data()]);
    return { lossSum: sum[0] ?? NaN, correct: hits[0] ?? 0 };
  } finally {
    lossSum.dispose();
    correct.dispose();
  }
}
