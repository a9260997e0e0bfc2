import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { adamUpdateKernelName } from "./kernels/adam-update.js";
import { nativeBackendName, nativeRunCounts } from "./kernels/native-kernel.js";
import { assertMatchesCpu, randomTensor } from "./test-support/compare-backends.js";

/** Trains two variables for `steps` Adam steps and returns them, the moments and the optimizer's weights. */
function trainWithAdam(steps: number): tf.Tensor[] {
  const w = tf.variable(randomTensor([7, 5], 61));
  const b = tf.variable(randomTensor([5], 62));
  const x = randomTensor([16, 7], 63);
  const optimizer = tf.train.adam(0.05, 0.8, 0.95, 1e-6);
  for (let step = 0; step < steps; step++) {
    optimizer.minimize(() => tf.tanh(tf.add(tf.matMul(x, w), b)).sub(0.3).square().mean() as tf.Scalar);
  }
  const moments = (optimizer as unknown as { accumulatedFirstMoment: { variable: tf.Variable }[]; accumulatedSecondMoment: { variable: tf.Variable }[] });
  const out = [w.clone(), b.clone(), ...moments.accumulatedFirstMoment.map((m) => m.variable.clone()), ...moments.accumulatedSecondMoment.map((m) => m.variable.clone())];
  optimizer.dispose();
  tf.dispose([w, b]);
  return out;
}

describe("Adam on the native backend", () => {
  test("updates each variable with one kernel and matches tfjs's Adam on the cpu backend over 20 steps", async () => {
    const before = nativeRunCounts.get(adamUpdateKernelName) ?? 0;
    await assertMatchesCpu(() => trainWithAdam(20), { relative: 1e-5 });
    assert.equal((nativeRunCounts.get(adamUpdateKernelName) ?? 0) - before, 40, "2 variables x 20 steps");
  });

  test("keeps its state where tfjs keeps it: weights saved on native restore an optimizer that continues the same way", async () => {
    await tf.setBackend(nativeBackendName);
    const run = async (split: boolean): Promise<number[]> => {
      const w = tf.variable(tf.tensor1d([1, -2, 3]));
      const loss = () => w.sub(tf.tensor1d([0.5, 0.5, 0.5])).square().sum() as tf.Scalar;
      let optimizer = tf.train.adam(0.1);
      for (let i = 0; i < 3; i++) optimizer.minimize(loss);
      if (split) {
        const saved = await optimizer.getWeights();
        const copies = saved.map((s) => ({ name: s.name, tensor: s.tensor.clone() }));
        optimizer.dispose();
        optimizer = tf.train.adam(0.1);
        await optimizer.setWeights(copies);
      }
      for (let i = 0; i < 3; i++) optimizer.minimize(loss);
      const values = Array.from(w.dataSync());
      optimizer.dispose();
      w.dispose();
      return values;
    };
    assert.deepEqual(await run(true), await run(false));
  });
});
