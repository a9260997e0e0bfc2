import type * as tfjs from "@tensorflow/tfjs";
import type { OptimizerName } from "@trainyard/contracts";

/** Options of {@link createOptimizer} beyond the learning rate. */
export interface OptimizerOptions {
  /** Momentum of sgd (then tfjs's MomentumOptimizer) and rmsprop, default 0 (none). Others ignore it. */
  momentum?: number;
  /** Nesterov momentum for sgd with momentum > 0, default false. */
  nesterov?: boolean;
}

/**
 * A new optimizer of the named kind with TensorFlow.js's defaults apart from the learning rate and
 * momentum (rmsprop keeps tfjs's and Keras's decay rho = 0.9). Change its rate with
 * `setLearningRate` and dispose it with `disposeOptimizer` (tfjs's MomentumOptimizer leaks a tensor
 * otherwise).
 */
export function createOptimizer(
  tf: typeof tfjs,
  name: OptimizerName,
  learningRate: number,
  options: OptimizerOptions = {},
): tfjs.Optimizer {
  const momentum = options.momentum ?? 0;
  switch (name) {
    case "sgd":
      return momentum > 0 ? tf.train.momentum(learningRate, momentum, options.nesterov ?? false) : tf.train.sgd(learningRate);
    case "adam":
      return tf.train.adam(learningRate);
    case "rmsprop":
      return tf.train.rmsprop(learningRate, 0.9, momentum);
    case "adagrad":
      return tf.train.adagrad(learningRate);
    case "adadelta":
      return tf.train.adadelta(learningRate);
    case "adamax":
      return tf.train.adamax(learningRate);
  }
}
