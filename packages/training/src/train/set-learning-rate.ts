import type * as tfjs from "@tensorflow/tfjs";

/**
 * Changes the learning rate of a tfjs optimizer for its next steps. SGD and Momentum cache the rate
 * in a tensor, so they need their `setLearningRate`; the others (Adam, RMSProp, Adagrad, Adadelta,
 * Adamax) read their (protected) `learningRate` field on every step, so writing it takes effect.
 */
export function setLearningRate(optimizer: tfjs.Optimizer, learningRate: number): void {
  const target = optimizer as unknown as { learningRate: number; setLearningRate?: (rate: number) => void };
  if (typeof target.setLearningRate === "function") target.setLearningRate(learningRate);
  else target.learningRate = learningRate;
}
