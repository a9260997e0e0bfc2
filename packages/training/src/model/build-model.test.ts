import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { modelSpecSchema } from "@trainyard/contracts";
import { loadBackend } from "../backend/load-backend.js";
import { kerasSpec, readKerasFixture } from "../keras/test-support/keras-fixtures.js";
import type { PlanInput } from "../plan/model-plan.js";
import { planModel } from "../plan/plan-model.js";
import { buildModel } from "./build-model.js";
import { describeModel } from "./describe-model.js";
import { UnsupportedModelError } from "./unsupported-model-error.js";

let tf: typeof tfjs;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

const image = (featureShape: number[], numClasses = 3): PlanInput => ({ featureShape, dtype: "uint8", numClasses });
const ids = (length: number, numClasses = 2): PlanInput => ({ featureShape: [length], dtype: "int32", numClasses });
const softmax = (units: number) => ({ type: "dense", units, activation: "softmax" });

/** Specs of every family with their datasets: each must build exactly as planned. */
const cases: { label: string; spec: unknown; input: PlanInput }[] = [
  { label: "seed cnn on 28x28", spec: { type: "cnn" }, input: image([28, 28], 10) },
  { label: "cnn, strides, same padding, avg pool, batch norm, dropout, l1l2", spec: { type: "cnn", conv: [{ filters: 4, kernelSize: 3, strides: 2, padding: "same", activation: "elu" }, { filters: 6, kernelSize: 2 }], pool: { type: "avg", size: 2 }, batchNorm: true, dense: [8, 5], dropout: 0.3, kernelRegularizer: { l1: 0.001, l2: 0.01 } }, input: image([20, 20, 3]) },
  { label: "cnn without pooling or hidden layers", spec: { type: "cnn", pool: false, dense: [] }, input: image([6, 7]) },
  { label: "cnn on feature rows (1-D)", spec: { type: "cnn", conv: [{ filters: 3, kernelSize: 2, strides: 2 }], pool: { type: "max", size: 2 } }, input: { featureShape: [17], dtype: "float32", numClasses: 2 } },
  { label: "seed rnn on text", spec: { type: "rnn", vocabSize: 300, sequenceLength: 12 }, input: { featureShape: [], dtype: "text", numClasses: 2 } },
  { label: "stacked bidirectional gru on token ids", spec: { type: "rnn", cell: "gru", layers: 2, bidirectional: true, units: 5, vocabSize: 40, embeddingDim: 3, dropout: 0.1, recurrentDropout: 0.1 }, input: ids(9, 4) },
  { label: "simple rnn on image rows", spec: { type: "rnn", cell: "simple", units: 4, layers: 3, kernelRegularizer: { l2: 0.1 } }, input: image([5, 6, 2]) },
  { label: "lstm on feature rows", spec: { type: "rnn", units: 3 }, input: { featureShape: [7], dtype: "float32", numClasses: 3 } },
  {
    label: "sequential 2-D conv stack",
    spec: { type: "sequential", layers: [{ type: "conv2d", filters: 3, kernelSize: 3, padding: "same", kernelRegularizer: { l2: 0.01 } }, { type: "batchNormalization", momentum: 0.9 }, { type: "maxPooling", poolSize: 2, strides: 1 }, { type: "averagePooling", poolSize: 3, padding: "same" }, { type: "activation", activation: "relu6" }, { type: "dropout", rate: 0.5 }, { type: "flatten" }, softmax(3)] },
    input: image([9, 9]),
  },
  { label: "sequential 1-D conv with global pooling", spec: { type: "sequential", layers: [{ type: "conv1d", filters: 4, kernelSize: 3, strides: 2 }, { type: "maxPooling" }, { type: "globalAveragePooling" }, { type: "dense", units: 1, activation: "sigmoid" }] }, input: { featureShape: [15], dtype: "float32", numClasses: 2 } },
  {
    label: "sequential text model with every recurrent layer",
    spec: { type: "sequential", layers: [{ type: "embedding", inputDim: 25, outputDim: 4, kernelRegularizer: { l1: 0.01 } }, { type: "bidirectional", layer: { type: "lstm", units: 3, returnSequences: true }, mergeMode: "ave" }, { type: "gru", units: 4, returnSequences: true }, { type: "simpleRNN", units: 6, returnSequences: true }, { type: "reshape", targetShape: [9, 4] }, { type: "globalAveragePooling" }, softmax(3)] },
    input: ids(6, 3),
  },
  { label: "sequential dense on [H, W]", spec: { type: "sequential", layers: [{ type: "dense", units: 4, useBias: false, activation: "swish" }, { type: "flatten" }, softmax(3)] }, input: image([4, 5]) },
  { label: "keras sequential fixture", spec: { type: "keras", config: readKerasFixture("sequential-cnn") }, input: image([12, 12]) },
  { label: "keras functional fixture", spec: { type: "keras", config: readKerasFixture("functional-text") }, input: ids(8) },
];

describe("buildModel", () => {
  for (const { label, spec: raw, input } of cases) {
    test(`builds what planModel plans (${label}): names, classes, shapes, parameters; dispose frees every tensor`, () => {
      const spec = modelSpecSchema.parse(raw);
      const plan = planModel(spec, input);
      const before = tf.memory().numTensors;
      const model = buildModel(tf, spec, input, 11);
      try {
        assert.deepEqual(describeModel(model), plan.layers);
        assert.equal(model.countParams(), plan.totalParams);
        assert.deepEqual(model.inputs[0]?.shape, [null, ...plan.inputShape]);
        assert.deepEqual(model.outputs[0]?.shape, [null, plan.output.units]);
        const x = tf.zeros([2, ...plan.inputShape]);
        const y = model.predict(x) as tfjs.Tensor;
        assert.deepEqual(y.shape, [2, plan.output.units]);
        tf.dispose([x, y]);
      } finally {
        model.dispose();
      }
      assert.equal(tf.memory().numTensors, before);
    });
  }

  test("the same seed builds the same weights, another seed other weights (recurrent and bidirectional included)", async () => {
    const spec = modelSpecSchema.parse({ type: "rnn", bidirectional: true, units: 4, vocabSize: 30, embeddingDim: 3 });
    const input = ids(5, 3);
    const weightsOf = async (seed: number) => {
      const model = buildModel(tf, spec, input, seed);
      const values = await Promise.all(model.weights.map(async (w) => [w.originalName, Array.from(await w.read().data())] as const));
      model.dispose();
      return new Map(values);
    };
    const [a, b, c] = [await weightsOf(7), await weightsOf(7), await weightsOf(8)];
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.get("bidirectional/forward_bidirectional_lstm/recurrent_kernel"), c.get("bidirectional/forward_bidirectional_lstm/recurrent_kernel"));
    assert.notDeepEqual(a.get("bidirectional/forward_bidirectional_lstm/kernel"), a.get("bidirectional/backward_bidirectional_lstm/kernel"));
  });

  test("starts LSTMs as Keras does: orthogonal recurrent kernels, forget-gate biases at 1", async () => {
    const model = buildModel(tf, modelSpecSchema.parse({ type: "rnn", units: 5 }), { featureShape: [4, 3], dtype: "float32", numClasses: 3 }, 3);
    try {
      const [, recurrent, bias] = model.getLayer("lstm").weights;
      assert.deepEqual(Array.from(await (bias?.read().data() ?? [])), [...Array<number>(5).fill(0), ...Array<number>(5).fill(1), ...Array<number>(10).fill(0)]);
      const kernel = recurrent?.read() as tfjs.Tensor2D;
      const gram = tf.matMul(kernel, kernel, false, true);
      const identity = tf.eye(5);
      assert.ok((await tf.max(tf.abs(tf.sub(gram, identity))).data())[0]! < 1e-5);
      tf.dispose([gram, identity]);
    } finally {
      model.dispose();
    }
  });

  test("wires kernelRegularizer into the layers' losses (one penalty per regularized kernel)", () => {
    const input = image([6, 6]);
    const plain = buildModel(tf, modelSpecSchema.parse({ type: "cnn" }), input, 1);
    const regularized = buildModel(tf, modelSpecSchema.parse({ type: "cnn", kernelRegularizer: { l2: 0.5 } }), input, 1);
    try {
      // tfjs's Sequential.calculateLosses() misses them: the training loop reads the layers' own.
      const penalties = (model: tfjs.LayersModel) => tf.tidy(() => model.layers.flatMap((layer) => layer.calculateLosses()).map((loss) => loss.dataSync()[0] ?? 0));
      assert.equal(penalties(plain).length, 0);
      const losses = penalties(regularized);
      assert.equal(losses.length, 3);
      assert.ok(losses.every((loss) => loss > 0));
    } finally {
      plain.dispose();
      regularized.dispose();
    }
  });

  test("refuses gan specs: GANs are built by buildGan", () => {
    assert.throws(() => buildModel(tf, modelSpecSchema.parse({ type: "gan" }), image([8, 8])), UnsupportedModelError);
  });

  test("refuses a dataset the model cannot take before allocating anything", () => {
    const before = tf.memory().numTensors;
    assert.throws(() => buildModel(tf, modelSpecSchema.parse({ type: "cnn" }), image([3, 3])), /too small/);
    assert.throws(() => buildModel(tf, kerasSpec(readKerasFixture("sequential-cnn")), image([9, 9])), /takes samples of shape/);
    assert.equal(tf.memory().numTensors, before);
  });
});
