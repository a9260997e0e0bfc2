import type * as tfjs from "@tensorflow/tfjs";
import { regularizationPenalty } from "../train/regularization-penalty.js";
import type { GanModels } from "./build-gan.js";

/** Keras's fuzz factor: probabilities are clipped to [epsilon, 1 - epsilon] before the log. */
const epsilon = 1e-7;

/** What one discriminator step measured, read back from the backend. */
export interface DiscriminatorStepScore {
  /** Mean binary cross-entropy of real (label 1) and generated (label 0) samples, plus the penalty. */
  loss: number;
  /** Mean D(x) over the real samples. */
  dReal: number;
  /** Mean D(G(z)) over the generated samples. */
  dFake: number;
}

/**
 * One discriminator step: the generator turns `noise` into fakes (no gradient reaches it), and
 * `optimizer` minimises (BCE(D(real), 1) + BCE(D(fake), 0)) / 2 plus the discriminator's
 * regularization penalty over the discriminator's trainable weights only.
 */
export async function discriminatorStep(
  tf: typeof tfjs,
  models: GanModels,
  optimizer: tfjs.Optimizer,
  real: tfjs.Tensor,
  noise: tfjs.Tensor2D,
): Promise<DiscriminatorStepScore> {
  const { generator, discriminator } = models;
  let means: tfjs.Tensor | undefined;
  let cost: tfjs.Scalar | undefined;
  try {
    cost = tf.tidy(() => {
      // Outside minimize, so the tape never records the generator.
      const fake = generator.apply(noise, { training: true }) as tfjs.Tensor;
      const variables = discriminator.trainableWeights.map((w) => w.read() as tfjs.Variable);
      const mean = optimizer.minimize(
        () => {
          const pReal = discriminator.apply(real, { training: true }) as tfjs.Tensor;
          const pFake = discriminator.apply(fake, { training: true }) as tfjs.Tensor;
          // The forward pass runs in its own scope; keep the means so they survive until read.
          means = tf.keep(tf.stack([tf.mean(pReal), tf.mean(pFake)]));
          const bce = tf.mul(tf.add(crossEntropy(tf, pReal, 1), crossEntropy(tf, pFake, 0)), 0.5) as tfjs.Scalar;
          return addPenalty(tf, bce, discriminator);
        },
        true,
        variables,
      );
      if (mean === null) throw new Error("optimizer.minimize returned no cost");
      return mean;
    });
    if (means === undefined) throw new Error("the discriminator loss did not run");
    const [loss, both] = await Promise.all([cost.data(), means.data()]);
    return { loss: loss[0] ?? NaN, dReal: both[0] ?? NaN, dFake: both[1] ?? NaN };
  } finally {
    cost?.dispose();
    means?.dispose();
  }
}

/**
 * One generator step: `optimizer` minimises BCE(D(G(noise)), 1) plus the generator's
 * regularization penalty over the generator's trainable weights only (the discriminator is not
 * updated: no `trainable = false` toggling needed). Returns the loss.
 */
export async function generatorStep(
  tf: typeof tfjs,
  models: GanModels,
  optimizer: tfjs.Optimizer,
  noise: tfjs.Tensor2D,
): Promise<number> {
  const { generator, discriminator } = models;
  const cost = tf.tidy(() => {
    const variables = generator.trainableWeights.map((w) => w.read() as tfjs.Variable);
    const mean = optimizer.minimize(
      () => {
        const fake = generator.apply(noise, { training: true }) as tfjs.Tensor;
        const pFake = discriminator.apply(fake, { training: true }) as tfjs.Tensor;
        return addPenalty(tf, crossEntropy(tf, pFake, 1), generator);
      },
      true,
      variables,
    );
    if (mean === null) throw new Error("optimizer.minimize returned no cost");
    return mean;
  });
  try {
    return (await cost.data())[0] ?? NaN;
  } finally {
    cost.dispose();
  }
}

/** Mean binary cross-entropy of probabilities `p` against a constant label; call inside a tidy. */
function crossEntropy(tf: typeof tfjs, p: tfjs.Tensor, label: 0 | 1): tfjs.Scalar {
  const clipped = tf.clipByValue(p, epsilon, 1 - epsilon);
  const likelihood = label === 1 ? clipped : tf.sub(1, clipped);
  return tf.neg(tf.mean(tf.log(likelihood))) as tfjs.Scalar;
}

/** `loss` plus `model`'s regularization penalty (none without a regularizer). */
function addPenalty(tf: typeof tfjs, loss: tfjs.Scalar, model: tfjs.LayersModel): tfjs.Scalar {
  const penalty = regularizationPenalty(tf, model);
  return penalty ? (tf.add(loss, penalty) as tfjs.Scalar) : loss;
}
