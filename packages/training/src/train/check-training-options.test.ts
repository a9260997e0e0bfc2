import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { trainingSpecSchema } from "@trainyard/contracts";
import { InvalidInputError } from "@trainyard/domain";
import { checkTrainingOptions } from "./check-training-options.js";

function problems(input: Record<string, unknown>, context: Parameters<typeof checkTrainingOptions>[1]): { path: string; message: string }[] {
  try {
    checkTrainingOptions(trainingSpecSchema.parse(input), context);
    return [];
  } catch (error) {
    assert.ok(error instanceof InvalidInputError);
    return error.details;
  }
}

describe("checkTrainingOptions", () => {
  test("accepts the defaults and val_* monitors when there is validation data", () => {
    assert.deepEqual(problems({}, { hasValidation: false }), []);
    const everything = {
      optimizer: "sgd",
      momentum: 0.9,
      nesterov: true,
      earlyStopping: {},
      learningRateSchedule: { type: "reduceOnPlateau" },
      modelSelection: { monitor: "val_accuracy" },
    };
    assert.deepEqual(problems(everything, { hasValidation: true }), []);
    assert.deepEqual(problems({ optimizer: "rmsprop", momentum: 0.5 }, { hasValidation: false }), []);
  });

  test("rejects every val_* monitor without validation data, naming the field and the choices", () => {
    const found = problems(
      { earlyStopping: { monitor: "val_loss" }, learningRateSchedule: { type: "reduceOnPlateau" }, modelSelection: {} },
      { hasValidation: false },
    );
    assert.deepEqual(found.map((p) => p.path), ["training.earlyStopping.monitor", "training.learningRateSchedule.monitor", "training.modelSelection.monitor"]);
    assert.match(found[0]?.message ?? "", /"val_loss" needs validation data \(dataset.validationSplit > 0\); available: loss, accuracy/);
  });

  test("rejects GAN metrics for a classifier and accepts them for a trainer that reports them", () => {
    const spec = { earlyStopping: { monitor: "g_loss" } };
    assert.match(problems(spec, { hasValidation: true })[0]?.message ?? "", /"g_loss" is not reported by this model; available: loss, accuracy, val_loss, val_accuracy/);
    assert.deepEqual(problems(spec, { hasValidation: false, metrics: ["d_loss", "g_loss"] }), []);
    assert.equal(problems({ modelSelection: { monitor: "loss" } }, { hasValidation: false, metrics: ["d_loss", "g_loss"] }).length, 1);
  });

  test("rejects momentum on an optimizer without it and nesterov without sgd momentum", () => {
    assert.deepEqual(problems({ optimizer: "adam", momentum: 0.9 }, { hasValidation: false }).map((p) => p.path), ["training.momentum"]);
    assert.deepEqual(problems({ optimizer: "sgd", nesterov: true }, { hasValidation: false }).map((p) => p.path), ["training.nesterov"]);
  });
});
