import * as tf from "@tensorflow/tfjs";
import { adamUpdateKernelName } from "./kernels/adam-update.js";
import { nativeBackendName } from "./kernels/native-kernel.js";

/** The parts of tfjs-core's AdamOptimizer the fused path reads and writes (its own fields). */
interface Adam {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  incrementIterations(): void;
}

type Gradients = tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[];
type ApplyGradients = (this: Adam, variableGradients: Gradients) => void;

let fused = false;

/**
 * Makes tfjs's Adam optimizer update each variable with one {@link adamUpdateKernelName} kernel while
 * the native backend is active, instead of about 13 elementwise kernels (the same float32 operations
 * in the same order). It changes AdamOptimizer's `applyGradients` in place and keeps its state
 * (moments, iterations) where tfjs keeps it, so checkpoints (getWeights/setWeights) are unchanged.
 * Other backends, and gradients that are not float32 of their variable's shape, take tfjs's path.
 * Idempotent.
 */
export function fuseAdamUpdates(): void {
  if (fused) return;
  fused = true;
  const prototype = tf.AdamOptimizer.prototype as unknown as { applyGradients: ApplyGradients };
  const original = prototype.applyGradients;
  prototype.applyGradients = function (this: Adam, variableGradients) {
    const entries = gradientEntries(variableGradients);
    if (tf.getBackend() !== nativeBackendName || !entries.every(([name, gradient]) => fusable(name, gradient))) {
      original.call(this, variableGradients);
      return;
    }
    applyFused(this, entries);
  };
}

function gradientEntries(variableGradients: Gradients): [string, tf.Tensor | null | undefined][] {
  return Array.isArray(variableGradients) ? variableGradients.map((v) => [v.name, v.tensor]) : Object.entries(variableGradients);
}

function fusable(name: string, gradient: tf.Tensor | null | undefined): boolean {
  const value = tf.engine().registeredVariables[name];
  if (gradient == null) return true;
  return value !== undefined && value.dtype === "float32" && gradient.dtype === "float32" && tf.util.arraysEqual(value.shape, gradient.shape);
}

/** AdamOptimizer.applyGradients with the per-variable arithmetic in one kernel (tfjs-core 4.22's logic otherwise). */
function applyFused(adam: Adam, entries: [string, tf.Tensor | null | undefined][]): void {
  tf.tidy(() => {
    const oneMinusAccBeta1 = tf.sub(1, adam.accBeta1);
    const oneMinusAccBeta2 = tf.sub(1, adam.accBeta2);
    const attrs = { beta1: adam.beta1, beta2: adam.beta2, learningRate: adam.learningRate, epsilon: adam.epsilon };
    entries.forEach(([name, gradient], i) => {
      const value = tf.engine().registeredVariables[name] as tf.Variable;
      adam.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      adam.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      if (gradient == null) return;
      const m = adam.accumulatedFirstMoment[i].variable;
      const v = adam.accumulatedSecondMoment[i].variable;
      const inputs = { value, m, v, gradient, oneMinusAccBeta1, oneMinusAccBeta2 };
      const [newValue, newM, newV] = tf.engine().runKernel(adamUpdateKernelName, inputs, attrs) as tf.Tensor[];
      if (newValue === undefined || newM === undefined || newV === undefined) throw new Error(`${adamUpdateKernelName} returned too few outputs`);
      m.assign(newM);
      v.assign(newV);
      value.assign(newValue);
    });
    adam.accBeta1.assign(tf.mul(adam.accBeta1, adam.beta1));
    adam.accBeta2.assign(tf.mul(adam.accBeta2, adam.beta2));
  });
  adam.incrementIterations();
}
