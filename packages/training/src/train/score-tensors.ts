import type * as tfjs from "@tensorflow/tfjs";
import type { LossName } from "./resolve-loss.js";

/** Keras's fuzz factor: probabilities are clipped to [epsilon, 1 - epsilon] before the log. */
const epsilon = 1e-7;

/** Per-batch sums, as tensors: the loss summed over samples and the count of correct predictions. */
export type ScoreTensors = {
  lossSum: tfjs.Scalar;
  correct: tfjs.Scalar;
};

/**
 * Scores `outputs` `[n, units]` against integer `labels` `[n]`; call inside a tidy.
 *
 * With one output unit (two classes) the unit is P(label 1): binaryCrossentropy on the label as
 * 0/1, meanSquaredError on the raw label, and a sample is correct when `(p > 0.5) == label`. With
 * several units the targets are one-hot: sparseCategoricalCrossentropy takes -log of the true
 * class's probability, binaryCrossentropy and meanSquaredError are averaged over the units (as
 * Keras does), and a sample is correct when its arg-max is the label.
 */
export function scoreTensors(tf: typeof tfjs, loss: LossName, outputs: tfjs.Tensor2D, labels: tfjs.Tensor1D): ScoreTensors {
  const units = outputs.shape[1];
  if (units === 1) {
    const p = tf.reshape(outputs, [-1]);
    const y = tf.cast(labels, "float32");
    const perSample = loss === "meanSquaredError" ? tf.square(tf.sub(p, y)) : binaryCrossentropy(tf, p, y);
    const correct = tf.sum(tf.cast(tf.equal(tf.cast(tf.greater(p, 0.5), "int32"), labels), "float32")) as tfjs.Scalar;
    return { lossSum: tf.sum(perSample) as tfjs.Scalar, correct };
  }
  // oneHot(..., "float32") is wrong on wasm 4.22 (it writes int32 bits into a float32 tensor);
  // build it as int32 and cast.
  const truth = tf.cast(tf.oneHot(labels, units), "float32");
  let perSample: tfjs.Tensor;
  switch (loss) {
    case "sparseCategoricalCrossentropy":
      perSample = tf.neg(tf.log(tf.clipByValue(tf.sum(tf.mul(outputs, truth), 1), epsilon, 1 - epsilon)));
      break;
    case "binaryCrossentropy":
      perSample = tf.mean(binaryCrossentropy(tf, outputs, truth), 1);
      break;
    case "meanSquaredError":
      perSample = tf.mean(tf.square(tf.sub(outputs, truth)), 1);
      break;
  }
  const correct = tf.sum(tf.cast(tf.equal(tf.argMax(outputs, 1), labels), "float32")) as tfjs.Scalar;
  return { lossSum: tf.sum(perSample) as tfjs.Scalar, correct };
}

/** Element-wise -(y log p + (1 - y) log(1 - p)) with p clipped to [epsilon, 1 - epsilon]. */
function binaryCrossentropy(tf: typeof tfjs, p: tfjs.Tensor, y: tfjs.Tensor): tfjs.Tensor {
  const clipped = tf.clipByValue(p, epsilon, 1 - epsilon);
  const positive = tf.mul(y, tf.log(clipped));
  const negative = tf.mul(tf.sub(1, y), tf.log(tf.sub(1, clipped)));
  return tf.neg(tf.add(positive, negative));
}
