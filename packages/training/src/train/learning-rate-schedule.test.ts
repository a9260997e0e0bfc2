import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { trainingSpecSchema } from "@trainyard/contracts";
import { LearningRateSchedule } from "./learning-rate-schedule.js";
import { MetricMonitor, resolveMonitorMode } from "./metric-monitor.js";

function scheduleOf(learningRateSchedule: Record<string, unknown>, learningRate = 1): LearningRateSchedule {
  const spec = trainingSpecSchema.parse({ learningRate, learningRateSchedule });
  return new LearningRateSchedule(spec.learningRateSchedule, spec.learningRate);
}

describe("MetricMonitor", () => {
  test("auto mode maximises accuracies and minimises everything else", () => {
    assert.deepEqual(["val_accuracy", "accuracy", "val_loss", "d_loss"].map((m) => resolveMonitorMode(m, "auto")), ["max", "max", "min", "min"]);
    assert.equal(resolveMonitorMode("val_accuracy", "min"), "min");
  });

  test("counts epochs without an improvement larger than minDelta; NaN never improves", () => {
    const monitor = new MetricMonitor("val_loss", "auto", 0.1);
    const improved = [1, 0.95, 0.8, Number.NaN, 0.75, 0.69].map((v, i) => monitor.update(i + 1, { val_loss: v }));
    assert.deepEqual(improved, [true, false, true, false, false, true]);
    assert.deepEqual([monitor.best, monitor.bestEpoch, monitor.wait], [0.69, 6, 0]);
    const accuracy = new MetricMonitor("accuracy");
    accuracy.update(1, { accuracy: 0.5 });
    accuracy.update(2, { accuracy: 0.4 });
    assert.deepEqual([accuracy.bestEpoch, accuracy.wait, accuracy.exhausted(0), accuracy.exhausted(1), accuracy.exhausted(2)], [1, 1, true, true, false]);
    assert.throws(() => accuracy.update(3, { loss: 1 }), /metric "accuracy" is not reported; reported: loss/);
  });
});

describe("LearningRateSchedule", () => {
  test("keeps the rate without a schedule", () => {
    const none = new LearningRateSchedule(undefined, 0.3);
    none.epochEnded(1, { loss: 1 });
    assert.deepEqual([1, 2, 50].map((e) => none.rateFor(e)), [0.3, 0.3, 0.3]);
  });

  test("stepDecay multiplies by factor every everyEpochs epochs", () => {
    const step = scheduleOf({ type: "stepDecay", everyEpochs: 3, factor: 0.1 });
    assert.deepEqual([1, 3, 4, 6, 7].map((e) => step.rateFor(e)).map((r) => Number(r.toPrecision(6))), [1, 1, 0.1, 0.1, 0.01]);
  });

  test("reduceOnPlateau reduces after patience flat epochs, restarts the count and stops at minLearningRate", () => {
    const plateau = scheduleOf({ type: "reduceOnPlateau", monitor: "val_accuracy", patience: 2, factor: 0.5, minLearningRate: 0.2 });
    const rates: number[] = [];
    [0.5, 0.6, 0.6, 0.6, 0.7, 0.7, 0.7, 0.7, 0.7].forEach((value, i) => {
      rates.push(plateau.rateFor(i + 1));
      plateau.epochEnded(i + 1, { val_accuracy: value });
    });
    rates.push(plateau.rateFor(10));
    assert.deepEqual(rates, [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.2]);
  });
});
