import { before, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { optimizerNames, type OptimizerName } from "@trainyard/contracts";
import { loadBackend } from "../backend/load-backend.js";
import { createOptimizer } from "./create-optimizer.js";
import { disposeOptimizer } from "./dispose-optimizer.js";
import { setLearningRate } from "./set-learning-rate.js";

let tf: typeof tfjs;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

const cases: [OptimizerName, { momentum?: number; nesterov?: boolean }][] = [
  ...optimizerNames.map((name): [OptimizerName, object] => [name, {}]),
  ["sgd", { momentum: 0.9 }],
  ["sgd", { momentum: 0.9, nesterov: true }],
  ["rmsprop", { momentum: 0.5 }],
];

for (const [name, options] of cases) {
  test(`setLearningRate changes the next steps of ${name} ${JSON.stringify(options)}`, async () => {
    const before = tf.memory().numTensors;
    // Two identical weights and optimizers; only the second gets a new rate after the first step.
    const twins = [0, 1].map(() => ({
      weights: tf.tidy(() => tf.variable(tf.tensor1d([1, -2, 3]))),
      optimizer: createOptimizer(tf, name, 0.1, options),
    }));
    const step = async ({ weights, optimizer }: (typeof twins)[number]) => {
      tf.tidy(() => {
        optimizer.minimize(() => tf.sum(tf.square(weights)) as tfjs.Scalar, false, [weights]);
      });
      return Array.from(await weights.data());
    };
    try {
      const [a, b] = twins;
      assert.ok(a !== undefined && b !== undefined);
      const first = await step(a);
      assert.deepEqual(await step(b), first);
      setLearningRate(b.optimizer, 0);
      const unchanged = await step(a);
      const stopped = await step(b);
      assert.notDeepEqual(stopped, unchanged);
      // At rate 0 nothing moves, except RMSProp's momentum, which keeps its accumulated step.
      if (!(name === "rmsprop" && options.momentum)) assert.deepEqual(stopped, first);
      setLearningRate(b.optimizer, 0.1);
      assert.notDeepEqual(await step(b), stopped);
    } finally {
      for (const twin of twins) {
        disposeOptimizer(twin.optimizer);
        twin.weights.dispose();
      }
    }
    assert.equal(tf.memory().numTensors, before);
  });
}

test("createOptimizer picks tfjs's Momentum class for sgd with momentum", () => {
  const optimizers = [createOptimizer(tf, "sgd", 0.1), createOptimizer(tf, "sgd", 0.1, { momentum: 0.5 }), createOptimizer(tf, "rmsprop", 0.1, { momentum: 0.5 })];
  try {
    assert.deepEqual(optimizers.map((o) => o.getClassName()), ["SGD", "Momentum", "RMSProp"]);
    assert.deepEqual(optimizers[1]?.getConfig(), { learningRate: 0.1, momentum: 0.5, useNesterov: false });
    assert.equal(optimizers[2]?.getConfig()["momentum"], 0.5);
  } finally {
    optimizers.forEach(disposeOptimizer);
  }
});
