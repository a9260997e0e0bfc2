import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { modelSpecSchema } from "@trainyard/contracts";
import type { PlanInput } from "./model-plan.js";
import { planModel } from "./plan-model.js";
import { assertInvalid } from "./test-support/assert-invalid.js";

function plan(spec: Record<string, unknown>, input: PlanInput) {
  return planModel(modelSpecSchema.parse({ type: "rnn", ...spec }), input);
}

const text = (numClasses: number): PlanInput => ({ featureShape: [], dtype: "text", numClasses });

describe("planModel for rnn", () => {
  test("plans the seed RNN on text: Embedding(10000, 64) -> LSTM(64) -> Dense(1, sigmoid), binary cross-entropy", () => {
    const result = plan({}, text(2));
    assert.deepEqual(result.inputShape, [100]);
    assert.deepEqual(
      result.layers.map((l) => [l.name, l.className, l.outputShape, l.params]),
      [
        ["embedding", "Embedding", [null, 100, 64], 640_000],
        ["lstm", "LSTM", [null, 64], 4 * (64 * (64 + 64) + 64)],
        ["output", "Dense", [null, 1], 65],
      ],
    );
    assert.deepEqual(result.output, { units: 1, activation: "sigmoid" });
    assert.equal(result.loss, "binaryCrossentropy");
  });

  test("ends in Dense(numClasses, softmax) for more than two classes", () => {
    const result = plan({ sequenceLength: 20 }, text(5));
    assert.deepEqual(result.inputShape, [20]);
    assert.deepEqual(result.output, { units: 5, activation: "softmax" });
    assert.equal(result.loss, "sparseCategoricalCrossentropy");
  });

  test("reads pre-tokenized int32 sequences at their stored length", () => {
    const result = plan({ vocabSize: 50, embeddingDim: 8, units: 4 }, { featureShape: [12], dtype: "int32", numClasses: 3 });
    assert.deepEqual(result.inputShape, [12]);
    assert.deepEqual(result.layers[0]?.params, 400);
  });

  test("stacks bidirectional GRUs: all but the last return sequences, 2 x 3 x (u(in + u) + u) weights each", () => {
    const result = plan({ cell: "gru", layers: 2, bidirectional: true, units: 8, vocabSize: 50, embeddingDim: 4 }, { featureShape: [12], dtype: "int32", numClasses: 4 });
    assert.deepEqual(
      result.layers.map((l) => [l.name, l.className, l.outputShape, l.params]),
      [
        ["embedding", "Embedding", [null, 12, 4], 200],
        ["bidirectional", "Bidirectional", [null, 12, 16], 2 * 3 * (8 * (4 + 8) + 8)],
        ["bidirectional_1", "Bidirectional", [null, 16], 2 * 3 * (8 * (16 + 8) + 8)],
        ["output", "Dense", [null, 4], 16 * 4 + 4],
      ],
    );
  });

  test("reads numeric samples without an embedding: [T, F] as is, [F] as [F, 1], [H, W, C] as [H, W x C]", () => {
    for (const [featureShape, inputShape] of [[[6, 7], [6, 7]], [[9], [9, 1]], [[6, 7, 2], [6, 14]]]) {
      const result = plan({ cell: "simple", units: 5 }, { featureShape: featureShape ?? [], dtype: "uint8", numClasses: 3 });
      assert.deepEqual(result.inputShape, inputShape);
      assert.deepEqual(result.layers[0], { name: "simple_rnn", className: "SimpleRNN", outputShape: [null, 5], params: 5 * ((inputShape?.[1] ?? 0) + 5) + 5 });
    }
  });

  test("refuses token samples that are not one sequence each, and datasets with one class", () => {
    assertInvalid(() => plan({}, { featureShape: [3, 4], dtype: "int32", numClasses: 2 }), "dataset.id", /shape \[length\]/);
    assertInvalid(() => plan({}, text(1)), "dataset.id", /needs at least 2/);
  });
});
