import type * as tfjs from "@tensorflow/tfjs";
import type { Batch } from "./make-batch.js";

/** Keras's fuzz factor: probabilities are clipped to [epsilon, 1 - epsilon] before the log. */
const epsilon = 1e-7;

/** Summed loss and correct-prediction count of one batch, read back from the backend. */
export interface BatchScore {
  lossSum: number;
  correct: number;
}

/**
 * One gradient step on `batch`: sparse categorical cross-entropy (batch mean) minimised by
 * `optimizer` over the model's trainable weights. Every intermediate tensor lives inside `tf.tidy`;
 * the two scalars it returns are read after it, then disposed.
 */
export async function trainStep(
  tf: typeof tfjs,
  model: tfjs.LayersModel,
  optimizer: tfjs.Optimizer,
  batch: Batch,
): Promise<BatchScore> {
  let correct: tfjs.Scalar | undefined;
  let cost: tfjs.Scalar | undefined;
  try {
    cost = tf.tidy(() => {
      const variables = model.trainableWeights.map((w) => w.read() as tfjs.Variable);
      const mean = optimizer.minimize(
        () => {
          const probs = model.apply(batch.xs, { training: true }) as tfjs.Tensor2D;
          const score = scoreTensors(tf, probs, batch.labels);
          // The forward pass runs in its own scope; keep the count so it survives until read.
          correct = tf.keep(score.correct);
          return tf.div(score.lossSum, batch.size) as tfjs.Scalar;
        },
        true,
        variables,
      );
      if (mean === null) throw new Error("optimizer.minimize returned no cost");
      return mean;
    });
    if (correct === undefined) throw new Error("the loss function did not run");
    const [lossMean, correctCount] = await Promise.all([cost.data(), correct.data()]);
    return { lossSum: (lossMean[0] ?? NaN) * batch.size, correct: correctCount[0] ?? 0 };
  } finally {
    cost?.dispose();
    correct?.dispose();
  }
}

/** Scores `batch` without training (inference mode). */
export async function evaluateBatch(tf: typeof tfjs, model: tfjs.LayersModel, batch: Batch): Promise<BatchScore> {
  const { lossSum, correct } = tf.tidy(() => {
    const probs = model.apply(batch.xs, { training: false }) as tfjs.Tensor2D;
    return scoreTensors(tf, probs, batch.labels);
  });
  try {
    const [loss, hits] = await Promise.all([lossSum.data(), correct.data()]);
    return { lossSum: loss[0] ?? NaN, correct: hits[0] ?? 0 };
  } finally {
    lossSum.dispose();
    correct.dispose();
  }
}

/** Summed cross-entropy of the true class and count of arg-max hits; call inside a tidy. */
function scoreTensors(
  tf: typeof tfjs,
  probs: tfjs.Tensor2D,
  labels: tfjs.Tensor1D,
): { lossSum: tfjs.Scalar; correct: tfjs.Scalar } {
  const depth = probs.shape[1];
  // oneHot(..., "float32") is wrong on wasm 4.22 (it writes int32 bits into a float32 tensor);
  // build it as int32 and cast.
  const truth = tf.cast(tf.oneHot(labels, depth), "float32");
  const picked = tf.sum(tf.mul(probs, truth), 1);
  const lossSum = tf.sum(tf.neg(tf.log(tf.clipByValue(picked, epsilon, 1 - epsilon)))) as tfjs.Scalar;
  const correct = tf.sum(tf.cast(tf.equal(tf.argMax(probs, 1), labels), "float32")) as tfjs.Scalar;
  return { lossSum, correct };
}
