import { before, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { loadBackend } from "../backend/load-backend.js";
import { regularizationPenalty } from "./regularization-penalty.js";

let tf: typeof tfjs;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

test("sums the penalties of dense, embedding, recurrent, bidirectional and nested layers", async () => {
  const l2 = () => tf.regularizers.l2({ l2: 0.5 });
  const inner = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 2, kernelRegularizer: tf.regularizers.l1({ l1: 0.25 }) })] });
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: 10, outputDim: 4, inputLength: 5, embeddingsRegularizer: l2() }),
      tf.layers.lstm({ units: 3, returnSequences: true, kernelRegularizer: l2() }),
      tf.layers.bidirectional({ layer: tf.layers.gru({ units: 3, kernelRegularizer: l2() }) as tfjs.RNN }),
      inner,
      tf.layers.dense({ units: 1, kernelRegularizer: l2(), biasRegularizer: l2() }),
    ],
  });
  const before = tf.memory().numTensors;
  try {
    const penalty = tf.tidy(() => regularizationPenalty(tf, model));
    assert.ok(penalty !== undefined);
    const value = (await penalty.data())[0] ?? NaN;
    penalty.dispose();
    let expected = 0;
    for (const w of model.weights) {
      const values = Array.from(await w.read().data());
      if (w.name.includes(inner.layers[0]?.name ?? "?") && w.name.endsWith("kernel")) expected += 0.25 * values.reduce((a, v) => a + Math.abs(v), 0);
      else if (/(embeddings|\/kernel)$/.test(w.name) || w.name.startsWith("dense") && w.name.endsWith("bias")) expected += 0.5 * values.reduce((a, v) => a + v * v, 0);
    }
    assert.ok(Math.abs(value - expected) < 1e-4 * (1 + expected), `${value} vs ${expected}`);
    // tfjs's own calculateLosses() sees none of it on a Sequential model.
    assert.equal(tf.tidy(() => model.calculateLosses()).length, 0);
    assert.equal(tf.memory().numTensors, before);
    const plain = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    assert.equal(tf.tidy(() => regularizationPenalty(tf, plain)), undefined);
    plain.dispose();
  } finally {
    model.dispose();
  }
});
