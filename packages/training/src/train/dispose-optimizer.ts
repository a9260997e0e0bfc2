import type * as tfjs from "@tensorflow/tfjs";

/**
 * Disposes a tfjs optimizer and its state. tfjs 4.22's MomentumOptimizer.dispose() forgets the
 * learning-rate scalar it inherits from SGD (one tensor per optimizer); this disposes it too.
 */
export function disposeOptimizer(optimizer: tfjs.Optimizer): void {
  optimizer.dispose();
  if (optimizer.getClassName() === "Momentum") {
    const rate = (optimizer as unknown as { c?: tfjs.Tensor }).c;
    if (rate !== undefined && !rate.isDisposed) rate.dispose();
  }
}
