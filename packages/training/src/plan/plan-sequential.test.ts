import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { modelSpecSchema } from "@trainyard/contracts";
import type { PlanInput } from "./model-plan.js";
import { planModel } from "./plan-model.js";
import { assertInvalid } from "./test-support/assert-invalid.js";

const softmax3 = { type: "dense", units: 3, activation: "softmax" };
const images: PlanInput = { featureShape: [10, 10], dtype: "uint8", numClasses: 3 };

function plan(layers: Record<string, unknown>[], input: PlanInput = images) {
  return planModel(modelSpecSchema.parse({ type: "sequential", layers }), input);
}

describe("planModel for sequential", () => {
  test("names layers <type>_<index>, adds a channel for conv2d on [H, W], picks 2-D pooling from the rank", () => {
    const result = plan([{ type: "conv2d", filters: 3, kernelSize: 3, activation: "relu" }, { type: "maxPooling", poolSize: 2, strides: 1 }, { type: "batchNormalization" }, { type: "globalAveragePooling" }, softmax3]);
    assert.deepEqual(result.inputShape, [10, 10, 1]);
    assert.deepEqual(
      result.layers.map((l) => [l.name, l.className, l.outputShape, l.params]),
      [
        ["conv2d_0", "Conv2D", [null, 8, 8, 3], 30],
        ["maxPooling_1", "MaxPooling2D", [null, 7, 7, 3], 0],
        ["batchNormalization_2", "BatchNormalization", [null, 7, 7, 3], 12],
        ["globalAveragePooling_3", "GlobalAveragePooling2D", [null, 3], 0],
        ["dense_4", "Dense", [null, 3], 12],
      ],
    );
  });

  test("keeps [H, W] for dense layers and applies dense to the last axis", () => {
    const result = plan([{ type: "dense", units: 4 }, { type: "flatten" }, softmax3]);
    assert.deepEqual(result.inputShape, [10, 10]);
    assert.deepEqual(result.layers[0]?.outputShape, [null, 10, 4]);
    assert.deepEqual(result.layers[1]?.outputShape, [null, 40]);
  });

  test("picks 1-D pooling for [steps, channels] and adds a channel for conv1d and recurrent layers on [F]", () => {
    const rows: PlanInput = { featureShape: [12], dtype: "float32", numClasses: 3 };
    const conv = plan([{ type: "conv1d", filters: 2, kernelSize: 3 }, { type: "averagePooling", poolSize: 2, padding: "same" }, { type: "flatten" }, softmax3], rows);
    assert.deepEqual(conv.inputShape, [12, 1]);
    assert.deepEqual(conv.layers[1]?.className, "AveragePooling1D");
    assert.deepEqual(conv.layers[1]?.outputShape, [null, 5, 2]);
    const rnn = plan([{ type: "lstm", units: 3 }, softmax3], rows);
    assert.deepEqual(rnn.inputShape, [12, 1]);
  });

  test("reads token ids with an embedding, bidirectional layers with their merge mode, reshape and activation", () => {
    const result = plan(
      [
        { type: "embedding", inputDim: 30, outputDim: 4 },
        { type: "bidirectional", layer: { type: "gru", units: 5, returnSequences: true }, mergeMode: "sum" },
        { type: "simpleRNN", units: 6 },
        { type: "reshape", targetShape: [2, 3] },
        { type: "activation", activation: "tanh" },
        { type: "flatten" },
        { type: "dropout", rate: 0.2 },
        { type: "dense", units: 1, activation: "sigmoid" },
      ],
      { featureShape: [7], dtype: "int32", numClasses: 2 },
    );
    assert.deepEqual(
      result.layers.map((l) => [l.className, l.outputShape, l.params]),
      [
        ["Embedding", [null, 7, 4], 120],
        ["Bidirectional", [null, 7, 5], 2 * 3 * (5 * (4 + 5) + 5)],
        ["SimpleRNN", [null, 6], 6 * (5 + 6) + 6],
        ["Reshape", [null, 2, 3], 0],
        ["Activation", [null, 2, 3], 0],
        ["Flatten", [null, 6], 0],
        ["Dropout", [null, 6], 0],
        ["Dense", [null, 1], 7],
      ],
    );
    assert.equal(result.loss, "binaryCrossentropy");
  });

  test("the last layer must be dense with one softmax unit per class, or one sigmoid unit for two classes", () => {
    assertInvalid(() => plan([{ type: "flatten" }, { type: "dense", units: 4, activation: "softmax" }]), "model.layers.1", /dense with 3 units and softmax activation .*; got dense with 4 unit\(s\) and softmax activation/);
    assertInvalid(() => plan([{ type: "flatten" }, { type: "dense", units: 3 }]), "model.layers.1", /got dense with 3 unit\(s\) and linear activation/);
    assertInvalid(() => plan([{ type: "flatten" }, { type: "dense", units: 1, activation: "sigmoid" }]), "model.layers.1", /3 units/);
    assertInvalid(() => plan([{ type: "flatten" }]), "model.layers.0", /got a flatten layer/);
  });

  test("shape errors name the layer and the option at fault", () => {
    assertInvalid(() => plan([{ type: "conv2d", filters: 2, kernelSize: 3 }, { type: "maxPooling", poolSize: 2 }, { type: "conv2d", filters: 2, kernelSize: 5 }, { type: "flatten" }, softmax3]), "model.layers.2.kernelSize", /kernel 5x5 is larger than its input 4x4 \(layer 3, conv2d_2\)/);
    assertInvalid(() => plan([{ type: "flatten" }, { type: "flatten" }, softmax3]), "model.layers.1", /already flat/);
    assertInvalid(() => plan([{ type: "reshape", targetShape: [3, 3] }, { type: "flatten" }, softmax3]), "model.layers.0.targetShape", /cannot reshape \[10, 10\] \(100 values\) to \[3, 3\]/);
    assertInvalid(() => plan([{ type: "flatten" }, { type: "maxPooling" }, softmax3]), "model.layers.1", /pooling needs \[steps, channels\] or \[height, width, channels\]/);
    assertInvalid(() => plan([{ type: "lstm", units: 2 }, softmax3], { featureShape: [4, 4, 2], dtype: "uint8", numClasses: 3 }), "model.layers.0", /recurrent layer needs \[steps, features\]/);
    assertInvalid(() => plan([{ type: "flatten" }, softmax3], { featureShape: [], dtype: "text", numClasses: 3 }), "dataset.id", /raw text/);
  });
});
