import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { PlanInput } from "../plan/model-plan.js";
import { planModel } from "../plan/plan-model.js";
import { assertInvalid } from "../plan/test-support/assert-invalid.js";
import { kerasSpec, readKerasFixture, sequentialJson } from "./test-support/keras-fixtures.js";

const images: PlanInput = { featureShape: [12, 12], dtype: "uint8", numClasses: 3 };
const tokens: PlanInput = { featureShape: [8], dtype: "int32", numClasses: 2 };
const dense = (name: string, units: number, activation: string) => ({ class_name: "Dense", config: { name, units, activation } });

describe("planModel for keras", () => {
  test("plans the Sequential fixture by formula, adding the channel axis the samples lack", () => {
    const plan = planModel(kerasSpec(readKerasFixture("sequential-cnn")), images);
    assert.deepEqual(plan.inputShape, [12, 12, 1]);
    assert.deepEqual(
      plan.layers.map((l) => [l.name, l.className, l.outputShape, l.params]),
      [
        ["conv2d", "Conv2D", [null, 10, 10, 4], 40],
        ["max_pooling2d", "MaxPooling2D", [null, 5, 5, 4], 0],
        ["batch_normalization", "BatchNormalization", [null, 5, 5, 4], 16],
        ["flatten", "Flatten", [null, 100], 0],
        ["dropout", "Dropout", [null, 100], 0],
        ["dense", "Dense", [null, 8], 808],
        ["dense_1", "Dense", [null, 3], 27],
      ],
    );
    assert.equal(plan.totalParams, 891);
    assert.deepEqual(plan.output, { units: 3, activation: "softmax" });
    assert.equal(plan.loss, "sparseCategoricalCrossentropy");
    assert.deepEqual(planModel(kerasSpec(readKerasFixture("sequential-cnn")), { ...images, featureShape: [12, 12, 1] }).inputShape, [12, 12, 1]);
  });

  test("plans the functional fixture: two branches from one embedding, concatenated, one sigmoid unit", () => {
    const plan = planModel(kerasSpec(readKerasFixture("functional-text")), tokens);
    assert.deepEqual(plan.inputShape, [8]);
    assert.deepEqual(
      plan.layers.map((l) => [l.name, l.outputShape, l.params]),
      [
        ["embedding", [null, 8, 4], 80],
        ["lstm", [null, 6], 4 * (6 * (4 + 6) + 6)],
        ["global_average_pooling1d", [null, 4], 0],
        ["concatenate", [null, 10], 0],
        ["dense", [null, 1], 11],
      ],
    );
    assert.deepEqual(plan.output, { units: 1, activation: "sigmoid" });
    assert.equal(plan.loss, "binaryCrossentropy");
  });

  test("refuses samples that do not match the declared input, on dataset.id", () => {
    assertInvalid(() => planModel(kerasSpec(readKerasFixture("sequential-cnn")), { ...images, featureShape: [10, 10] }), "dataset.id", /takes samples of shape \[12, 12, 1\], but this dataset's samples are \[10, 10\]/);
    assertInvalid(() => planModel(kerasSpec(readKerasFixture("functional-text")), { ...tokens, featureShape: [9] }), "dataset.id", /\[8\], but .* \[9\]/);
    assertInvalid(() => planModel(kerasSpec(readKerasFixture("functional-text")), { featureShape: [], dtype: "text", numClasses: 2 }), "dataset.id", /raw text/);
  });

  test("fills the sizes a model leaves open from the samples, and uses the samples' shape when none is declared", () => {
    const open = sequentialJson([{ class_name: "InputLayer", config: { name: "in", batch_input_shape: [null, null, 3] } }, { class_name: "LSTM", config: { name: "lstm", units: 4 } }, dense("out", 2, "softmax")]);
    assert.deepEqual(planModel(kerasSpec(open), { featureShape: [7, 3], dtype: "float32", numClasses: 2 }).inputShape, [7, 3]);
    const undeclared = sequentialJson([{ class_name: "Flatten", config: { name: "f" } }, dense("out", 3, "softmax")]);
    assert.deepEqual(planModel(kerasSpec(undeclared), images).layers[0]?.outputShape, [null, 144]);
  });

  test("refuses an output that is not one softmax unit per class (or one sigmoid unit for two classes)", () => {
    assertInvalid(() => planModel(kerasSpec(readKerasFixture("sequential-cnn")), { ...images, numClasses: 4 }), "model.config", /output must be 4 units with softmax \(one per class\); its output layer "dense_1" gives \[3\] with softmax/);
    const logits = sequentialJson([{ class_name: "Flatten", config: { name: "f" } }, dense("out", 3, "linear")]);
    assertInvalid(() => planModel(kerasSpec(logits), images), "model.config", /gives \[3\] with linear/);
    const activated = sequentialJson([{ class_name: "Flatten", config: { name: "f" } }, dense("out", 3, "linear"), { class_name: "Activation", config: { name: "a", activation: "softmax" } }]);
    assert.deepEqual(planModel(kerasSpec(activated), images).output, { units: 3, activation: "softmax" });
  });

  test("refuses every unsupported layer class by name, before measuring anything", () => {
    const json = sequentialJson([
      { class_name: "Lambda", config: { name: "lambda" } },
      { class_name: "Conv3D", config: { name: "conv3d" } },
      { class_name: "Flatten", config: { name: "f" } },
      dense("out", 3, "softmax"),
    ]);
    assertInvalid(() => planModel(kerasSpec(json), images), "model.config", /unsupported layers: Lambda \("lambda"\), Conv3D \("conv3d"\); supported: InputLayer, Dense/);
  });

  test("refuses options TensorFlow.js cannot run, naming the layer and the option", () => {
    const gru = sequentialJson([{ class_name: "GRU", config: { name: "gru", units: 3, reset_after: true } }, dense("out", 2, "softmax")]);
    assertInvalid(() => planModel(kerasSpec(gru), { featureShape: [5, 2], dtype: "float32", numClasses: 2 }), "model.config.config.layers.0.config.reset_after", /layer "gru" \(GRU\): reset_after=True .* build the GRU with reset_after=False/);
    const causal = sequentialJson([{ class_name: "Conv1D", config: { name: "c", filters: 2, kernel_size: [3], padding: "causal" } }, { class_name: "Flatten", config: { name: "f" } }, dense("out", 2, "softmax")]);
    assertInvalid(() => planModel(kerasSpec(causal), { featureShape: [5, 2], dtype: "float32", numClasses: 2 }), "model.config.config.layers.0.config.padding", /padding "causal" is not supported/);
    const activation = sequentialJson([{ class_name: "Flatten", config: { name: "f" } }, dense("out", 3, "exponential")]);
    assertInvalid(() => planModel(kerasSpec(activation), images), "model.config.config.layers.1.config.activation", /activation "exponential" is not supported/);
    const kernel = sequentialJson([{ class_name: "InputLayer", config: { name: "in", batch_input_shape: [null, 12, 12, 1] } }, { class_name: "Conv2D", config: { name: "c", filters: 2, kernel_size: [13, 13] } }, { class_name: "Flatten", config: { name: "f" } }, dense("out", 3, "softmax")]);
    assertInvalid(() => planModel(kerasSpec(kernel), images), "model.config.config.layers.1.config.kernel_size", /layer "c" \(Conv2D\): kernel 13x13 is larger than its input 12x12/);
  });

  test("refuses JSON that is not a one-input, one-output Keras 2 model", () => {
    assertInvalid(() => planModel(kerasSpec({ class_name: "Sequential", config: { name: "s" } }), images), "model.config", /config.layers must be a non-empty list/);
    assertInvalid(() => planModel(kerasSpec({ class_name: "Custom", config: { layers: [dense("d", 3, "softmax")] } }), images), "model.config", /class_name "Custom" is not a Keras model/);
    const keras3 = structuredClone(readKerasFixture("functional-text")) as unknown as { config: { layers: { inbound_nodes: unknown }[] } };
    for (const layer of keras3.config.layers.slice(1)) layer.inbound_nodes = [{ args: [], kwargs: {} }];
    assertInvalid(() => planModel(kerasSpec(keras3), tokens), "model.config", /Keras 3 JSON is not supported/);
    const twoOutputs = structuredClone(readKerasFixture("functional-text")) as unknown as { config: { output_layers: unknown } };
    twoOutputs.config.output_layers = [["dense", 0, 0], ["lstm", 0, 0]];
    assertInvalid(() => planModel(kerasSpec(twoOutputs), tokens), "model.config", /1 input\(s\) and 2 output\(s\)/);
  });
});
