import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { InvalidInputError } from "@trainyard/domain";
import { loadBackend } from "../backend/load-backend.js";
import { buildModel } from "../model/build-model.js";
import { describeModel } from "../model/describe-model.js";
import type { PlanInput } from "../plan/model-plan.js";
import { planModel } from "../plan/plan-model.js";
import { kerasSpec, readKerasFixture, sequentialJson } from "./test-support/keras-fixtures.js";

let tf: typeof tfjs;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

const images: PlanInput = { featureShape: [12, 12], dtype: "uint8", numClasses: 3 };
const tokens: PlanInput = { featureShape: [8], dtype: "int32", numClasses: 2 };

async function weightsOf(model: tfjs.LayersModel): Promise<Map<string, number[]>> {
  return new Map(await Promise.all(model.weights.map(async (w) => [w.originalName, Array.from(await w.read().data())] as [string, number[]])));
}

describe("buildModel for keras", () => {
  test("loads the Sequential fixture with its L2 penalty as tfjs's L1L2 and the planned input shape", () => {
    const model = buildModel(tf, kerasSpec(readKerasFixture("sequential-cnn")), images, 4);
    try {
      assert.equal(model.getClassName(), "Sequential");
      assert.deepEqual(model.inputs[0]?.shape, [null, 12, 12, 1]);
      const regularizer = model.getLayer("dense").getConfig()["kernelRegularizer"] as { className: string; config: { l1: number; l2: number } };
      assert.equal(regularizer.className, "L1L2");
      assert.ok(Math.abs(regularizer.config.l2 - 0.01) < 1e-6 && regularizer.config.l1 === 0);
    } finally {
      model.dispose();
    }
  });

  test("loads the functional fixture: Keras's LSTM start (orthogonal recurrent kernel, forget biases 1) without tfjs's leak", async () => {
    const before = tf.memory().numTensors;
    const model = buildModel(tf, kerasSpec(readKerasFixture("functional-text")), tokens, 4);
    try {
      assert.equal(model.getClassName(), "Functional");
      const weights = await weightsOf(model);
      assert.deepEqual(weights.get("lstm/bias"), [...Array<number>(6).fill(0), ...Array<number>(6).fill(1), ...Array<number>(12).fill(0)]);
      const recurrent = weights.get("lstm/recurrent_kernel") ?? [];
      const row = (i: number) => recurrent.slice(i * 24, (i + 1) * 24);
      const dot = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * (b[i] ?? 0), 0);
      assert.ok(Math.abs(dot(row(0), row(0)) - 1) < 1e-5 && Math.abs(dot(row(0), row(1))) < 1e-5, "orthonormal rows");
      assert.deepEqual(describeModel(model), planModel(kerasSpec(readKerasFixture("functional-text")), tokens).layers);
    } finally {
      model.dispose();
    }
    assert.equal(tf.memory().numTensors, before);
  });

  test("the same seed loads the same weights, another seed other weights", async () => {
    const spec = kerasSpec(readKerasFixture("functional-text"));
    const build = async (seed: number) => {
      const model = buildModel(tf, spec, tokens, seed);
      const weights = await weightsOf(model);
      model.dispose();
      return weights;
    };
    const [a, b, c] = [await build(1), await build(1), await build(2)];
    assert.deepEqual(a, b);
    for (const name of ["embedding/embeddings", "lstm/kernel", "lstm/recurrent_kernel", "dense/kernel"]) assert.notDeepEqual(a.get(name), c.get(name), name);
  });

  test("renames Keras's Lecun initializers and leaves the caller's JSON untouched", () => {
    const config = sequentialJson([
      { class_name: "InputLayer", config: { name: "in", batch_input_shape: [null, 6] } },
      { class_name: "Dense", config: { name: "d", units: 2, activation: "softmax", kernel_initializer: { class_name: "LecunNormal", config: { seed: null } } } },
    ]);
    const copy = structuredClone(config);
    const model = buildModel(tf, kerasSpec(config), { featureShape: [6], dtype: "float32", numClasses: 2 }, 9);
    model.dispose();
    assert.deepEqual(config, copy);
  });

  test("a JSON that tfjs itself refuses is a 400 on model.config", () => {
    const config = sequentialJson([
      { class_name: "InputLayer", config: { name: "in", batch_input_shape: [null, 6] } },
      { class_name: "Dense", config: { name: "d", units: 2, activation: "softmax", kernel_initializer: { class_name: "NoSuchInitializer", config: {} } } },
    ]);
    assert.throws(() => buildModel(tf, kerasSpec(config), { featureShape: [6], dtype: "float32", numClasses: 2 }), (error: unknown) => {
      assert.ok(error instanceof InvalidInputError);
      assert.equal(error.details[0]?.path, "model.config");
      assert.match(error.message, /TensorFlow.js could not load the model: .*NoSuchInitializer/);
      return true;
    });
  });

  const node = (class_name: string, config: Record<string, unknown>, inbound: string[]) => ({ class_name, config, name: config["name"], inbound_nodes: inbound.length === 0 ? [] : [inbound.map((source) => [source, 0, 0, {}])] });
  const others: { label: string; config: unknown; input: PlanInput }[] = [
    { label: "a Sequential without an input shape", config: sequentialJson([{ class_name: "Conv1D", config: { name: "c", filters: 2, kernel_size: 3, strides: 2, padding: "same" } }, { class_name: "GlobalMaxPooling1D", config: { name: "g" } }, { class_name: "Dense", config: { name: "d", units: 3, activation: "softmax" } }]), input: { featureShape: [9, 2], dtype: "float32", numClasses: 3 } },
    { label: "open time steps, GRU without reset_after, LayerNormalization", config: sequentialJson([{ class_name: "InputLayer", config: { name: "in", batch_input_shape: [null, null, 3] } }, { class_name: "GRU", config: { name: "gru", units: 4, reset_after: false, return_sequences: true } }, { class_name: "LayerNormalization", config: { name: "ln", axis: [-1] } }, { class_name: "SimpleRNN", config: { name: "rnn", units: 2 } }, { class_name: "Dense", config: { name: "d", units: 1, activation: "sigmoid" } }]), input: { featureShape: [7, 3], dtype: "float32", numClasses: 2 } },
    {
      label: "a functional model with a residual Add, ReLU, LeakyReLU and Softmax",
      config: {
        class_name: "Model",
        config: {
          name: "residual",
          layers: [
            node("InputLayer", { name: "x", batch_input_shape: [null, 6, 6, 2] }, []),
            node("Conv2D", { name: "c1", filters: 2, kernel_size: [3, 3], padding: "same" }, ["x"]),
            node("ReLU", { name: "r" }, ["c1"]),
            node("Add", { name: "add" }, ["r", "x"]),
            node("AveragePooling2D", { name: "p", pool_size: [2, 2], strides: null }, ["add"]),
            node("GlobalAveragePooling2D", { name: "g" }, ["p"]),
            node("Dense", { name: "d", units: 4 }, ["g"]),
            node("LeakyReLU", { name: "lr", alpha: 0.1 }, ["d"]),
            node("Dense", { name: "logits", units: 3 }, ["lr"]),
            node("Softmax", { name: "s", axis: -1 }, ["logits"]),
          ],
          input_layers: [["x", 0, 0]],
          output_layers: [["s", 0, 0]],
        },
      },
      input: { featureShape: [6, 6, 2], dtype: "float32", numClasses: 3 },
    },
  ];
  for (const { label, config, input } of others) {
    test(`builds what planModel plans for ${label}, and frees it all`, () => {
      const spec = kerasSpec(config);
      const plan = planModel(spec, input);
      const before = tf.memory().numTensors;
      const model = buildModel(tf, spec, input, 5);
      try {
        assert.deepEqual(describeModel(model), plan.layers);
        assert.equal(model.countParams(), plan.totalParams);
        assert.deepEqual(model.inputs[0]?.shape, [null, ...plan.inputShape]);
      } finally {
        model.dispose();
      }
      assert.equal(tf.memory().numTensors, before);
    });
  }

  test("frees a Bidirectional LSTM's dropout masks on dispose", () => {
    const cell = { name: "lstm", units: 3, return_sequences: false, dropout: 0.2, recurrent_dropout: 0.2, recurrent_initializer: { class_name: "Orthogonal", config: { gain: 1, seed: null } }, unit_forget_bias: true };
    const config = sequentialJson([
      { class_name: "InputLayer", config: { name: "in", batch_input_shape: [null, 5, 2] } },
      { class_name: "Bidirectional", config: { name: "bi", merge_mode: "concat", layer: { class_name: "LSTM", config: cell } } },
      { class_name: "Dense", config: { name: "out", units: 3, activation: "softmax" } },
    ]);
    const input: PlanInput = { featureShape: [5, 2], dtype: "float32", numClasses: 3 };
    assert.equal(planModel(kerasSpec(config), input).totalParams, 2 * 4 * (3 * (2 + 3) + 3) + 6 * 3 + 3);
    const before = tf.memory().numTensors;
    const model = buildModel(tf, kerasSpec(config), input, 2);
    const x = tf.ones([2, 5, 2]);
    tf.dispose(model.apply(x, { training: true }) as tfjs.Tensor);
    x.dispose();
    model.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
});
