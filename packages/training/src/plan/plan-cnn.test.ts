import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { modelSpecSchema } from "@trainyard/contracts";
import type { PlanInput } from "./model-plan.js";
import { planModel } from "./plan-model.js";
import { assertInvalid } from "./test-support/assert-invalid.js";

const images: PlanInput = { featureShape: [10, 10], dtype: "uint8", numClasses: 3 };

function plan(spec: Record<string, unknown>, input: PlanInput = images) {
  return planModel(modelSpecSchema.parse({ type: "cnn", ...spec }), input);
}

function rows(spec: Record<string, unknown>, input?: PlanInput): [string, string, (number | null)[], number][] {
  return plan(spec, input).layers.map((l) => [l.name, l.className, l.outputShape, l.params]);
}

describe("planModel for cnn", () => {
  test("applies strides and same padding: ceil(20 / 2) = 10 per axis", () => {
    const layers = rows({ conv: [{ filters: 4, kernelSize: 3, strides: 2, padding: "same" }], pool: false, dense: [] }, { featureShape: [20, 20, 3], dtype: "float32", numClasses: 3 });
    assert.deepEqual(layers, [
      ["conv", "Conv2D", [null, 10, 10, 4], 3 * 3 * 3 * 4 + 4],
      ["flatten", "Flatten", [null, 400], 0],
      ["output", "Dense", [null, 3], 400 * 3 + 3],
    ]);
  });

  test("stacks conv blocks with batch normalization and average pooling, then hidden layers with dropout", () => {
    const layers = rows({ conv: [{ filters: 4, kernelSize: 3 }, { filters: 6, kernelSize: 2, activation: "tanh" }], pool: { type: "avg", size: 2 }, batchNorm: true, dense: [8, 5], dropout: 0.5 }, { featureShape: [14, 14], dtype: "uint8", numClasses: 3 });
    assert.deepEqual(layers, [
      ["conv", "Conv2D", [null, 12, 12, 4], 40],
      ["batch_norm", "BatchNormalization", [null, 12, 12, 4], 16],
      ["pool", "AveragePooling2D", [null, 6, 6, 4], 0],
      ["conv_1", "Conv2D", [null, 5, 5, 6], 2 * 2 * 4 * 6 + 6],
      ["batch_norm_1", "BatchNormalization", [null, 5, 5, 6], 24],
      ["pool_1", "AveragePooling2D", [null, 2, 2, 6], 0],
      ["flatten", "Flatten", [null, 24], 0],
      ["hidden", "Dense", [null, 8], 24 * 8 + 8],
      ["dropout", "Dropout", [null, 8], 0],
      ["hidden_1", "Dense", [null, 5], 45],
      ["dropout_1", "Dropout", [null, 5], 0],
      ["output", "Dense", [null, 3], 18],
    ]);
  });

  test("uses 1-D layers for feature rows, seen as [F, 1]", () => {
    const result = plan({ pool: { type: "max", size: 3 } }, { featureShape: [20], dtype: "float32", numClasses: 2 });
    assert.deepEqual(result.inputShape, [20, 1]);
    assert.deepEqual(
      result.layers.slice(0, 2).map((l) => [l.className, l.outputShape, l.params]),
      [
        ["Conv1D", [null, 18, 32], 3 * 32 + 32],
        ["MaxPooling1D", [null, 6, 32], 0],
      ],
    );
    assert.deepEqual(result.output, { units: 2, activation: "softmax" });
  });

  test("a kernel larger than its input after the first block is an error on that conv's kernelSize", () => {
    assertInvalid(() => plan({ conv: [{ filters: 8, kernelSize: 3 }, { filters: 8, kernelSize: 5 }] }), "model.conv.1.kernelSize", /kernel 5x5 is larger than its input 4x4 \(layer 3, conv_1\)/);
  });

  test("pooling that no longer fits is an error on model.pool.size", () => {
    assertInvalid(() => plan({ conv: [{ filters: 4, kernelSize: 3 }, { filters: 4, kernelSize: 1 }], pool: { type: "max", size: 3 } }), "model.pool.size", /pool size 3x3 is larger than its input 2x2 \(layer 4, pool_1\)/);
  });

  test("samples too small for the first block are the dataset's fault, with the size they need", () => {
    assertInvalid(() => plan({ pool: false, conv: [{ filters: 2, kernelSize: 5 }] }, { featureShape: [4, 9], dtype: "uint8", numClasses: 3 }), "dataset.id", /its 5-wide convolution needs at least 5 values/);
    assertInvalid(() => plan({ conv: [{ filters: 2, kernelSize: 3, strides: 2 }], pool: { type: "max", size: 2 } }, { featureShape: [4, 9], dtype: "uint8", numClasses: 3 }), "dataset.id", /at least 5 values/);
  });

  test("refuses text and token id datasets", () => {
    assertInvalid(() => plan({}, { featureShape: [], dtype: "text", numClasses: 2 }), "dataset.id", /raw text: train it with the rnn model/);
    assertInvalid(() => plan({}, { featureShape: [20], dtype: "int32", numClasses: 2 }), "dataset.id", /token ids/);
  });

  test("counts a regularized model the same (a penalty adds no weights)", () => {
    assert.equal(plan({ kernelRegularizer: { l2: 0.01 } }).totalParams, plan({}).totalParams);
  });
});
