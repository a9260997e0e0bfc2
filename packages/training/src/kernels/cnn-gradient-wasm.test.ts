import { before, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { modelSpecSchema } from "@trainyard/contracts";
import { loadBackend } from "../backend/load-backend.js";
import { buildModel } from "../model/build-model.js";
import { assertClose } from "../test-support/assert-close.js";
import { randomFloats } from "../test-support/random-data.js";

let tf: typeof tfjs;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

/** Loss and per-weight gradients of the seed CNN on one batch, computed on `backend`. */
async function gradientsOn(
  backend: string,
  featureShape: number[],
  features: Float32Array,
  labels: Int32Array,
): Promise<{ loss: number; grads: Map<string, Float32Array> }> {
  await tf.setBackend(backend);
  const model = buildModel(tf, modelSpecSchema.parse({ type: "cnn" }), { featureShape, dtype: "float32", numClasses: 4 }, 42);
  const inputShape = model.inputs[0]?.shape.slice(1) as number[];
  const x = tf.tensor(features, [labels.length, ...inputShape]);
  const y = tf.tensor1d(labels, "int32");
  try {
    const variables = model.trainableWeights.map((w) => w.read() as tfjs.Variable);
    const { value, grads } = tf.variableGrads(() => {
      const probs = model.apply(x, { training: true }) as tfjs.Tensor;
      const picked = tf.sum(tf.mul(probs, tf.cast(tf.oneHot(y, 4), "float32")), 1);
      return tf.neg(tf.mean(tf.log(picked))) as tfjs.Scalar;
    }, variables);
    const result = new Map<string, Float32Array>();
    for (const w of model.trainableWeights) {
      const g = grads[(w.read() as tfjs.Variable).name];
      assert.ok(g !== undefined, `gradient of ${w.originalName}`);
      result.set(w.originalName, (await g.data()) as Float32Array);
    }
    const loss = (await value.data())[0] ?? NaN;
    tf.dispose([value, ...Object.values(grads)]);
    return { loss, grads: result };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

for (const featureShape of [[12, 10], [9, 11, 3], [30]]) {
  test(`a seed CNN gradient step for samples of shape [${featureShape}] on wasm matches the cpu backend`, async () => {
    const batch = 5;
    const size = featureShape.reduce((a, b) => a * b, 1);
    const features = randomFloats(batch * size, 9).map((v) => (v + 1) / 2);
    const labels = Int32Array.from([0, 1, 2, 3, 1]);
    const cpu = await gradientsOn("cpu", featureShape, features, labels);
    const wasm = await gradientsOn("wasm", featureShape, features, labels);
    assertClose([wasm.loss], [cpu.loss], "loss");
    assert.deepEqual([...wasm.grads.keys()], [...cpu.grads.keys()]);
    for (const [name, expected] of cpu.grads) {
      assertClose(wasm.grads.get(name) ?? [], expected, name);
    }
  });
}
