import type * as tfjs from "@tensorflow/tfjs";
import type { OptimizerName } from "@trainyard/contracts";

/** A new optimizer of the named kind with TensorFlow.js's defaults apart from the learning rate. */
export function createOptimizer(tf: typeof tfjs, name: OptimizerName, learningRate: number): tfjs.Optimizer {
  switch (name) {
    case "sgd":
      return tf.train.sgd(learningRate);
    case "adam":
      return tf.train.adam(learningRate);
    case "rmsprop":
      return tf.train.rmsprop(learningRate);
    case "adagrad":
      return tf.train.adagrad(learningRate);
    case "adadelta":
      return tf.train.adadelta(learningRate);
    case "adamax":
      return tf.train.adamax(learningRate);
  }
}
