import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { InvalidInputError } from "@trainyard/domain";
import { loadBackend } from "../backend/load-backend.js";
import { evaluateModel } from "./evaluate-model.js";
import { splitIndices } from "./split-indices.js";
import { denseClassifier, makeBlobs, trainingSpec, weightsOf } from "./test-support/training-fixtures.js";
import { trainModel, type EpochMetrics, type TrainModelOptions, type TrainModelResult } from "./train-model.js";

let tf: typeof tfjs;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

const blobs = makeBlobs({ count: 64, features: 6, numClasses: 3, seed: 2 });
/** Random labels: nothing to learn, so val_loss wanders and its best epoch is not the last. */
const noise = makeBlobs({ count: 64, features: 8, numClasses: 2, seed: 9, noise: 1, shuffleLabels: true });

interface Run {
  result: TrainModelResult;
  epochs: EpochMetrics[];
  /** Weights after each epoch (index 0 = epoch 1). */
  weights: number[][][];
  final: number[][];
}

/** Trains a fresh, identically initialised dense model and records each epoch. */
async function run(training: Record<string, unknown>, options: Partial<TrainModelOptions> & { l2?: number } = {}): Promise<Run> {
  const { l2, ...rest } = options;
  const data = rest.data ?? blobs;
  const model = denseClassifier(tf, { inputShape: data.featureShape, units: data.numClasses, ...(l2 !== undefined && { l2: { l2 } }) });
  const epochs: EpochMetrics[] = [];
  const weights: number[][][] = [];
  try {
    const result = await trainModel({
      tf,
      model,
      training: trainingSpec({ batchSize: 8, ...training }),
      data,
      ...rest,
      onEpochEnd: async (_, metrics) => {
        epochs.push(metrics);
        weights.push(await weightsOf(model));
      },
    });
    return { result, epochs, weights, final: await weightsOf(model) };
  } finally {
    model.dispose();
  }
}

function argBest(values: number[], mode: "min" | "max"): number {
  let best = 0;
  values.forEach((v, i) => {
    if (mode === "min" ? v < (values[best] ?? Infinity) : v > (values[best] ?? -Infinity)) best = i;
  });
  return best + 1;
}

describe("trainModel training options", () => {
  test("earlyStopping ends training before epochs once the metric stops improving by minDelta", async () => {
    const { result, epochs } = await run({ epochs: 20, earlyStopping: { monitor: "loss", patience: 2, minDelta: 10 } });
    // Epoch 1 improves on +Infinity; epochs 2 and 3 cannot improve by 10.
    assert.equal(result.epochsCompleted, 3);
    assert.equal(epochs.length, 3);
    assert.equal(result.stoppedEarly, true);
    assert.equal(result.stopped, false);
    const patient = await run({ epochs: 4, earlyStopping: { monitor: "accuracy", patience: 5 } });
    assert.deepEqual([patient.result.epochsCompleted, patient.result.stoppedEarly], [4, false]);
  });

  test("earlyStopping with restoreBestWeights leaves the best epoch's weights in the model", async () => {
    const { result, epochs, weights, final } = await run(
      { epochs: 20, learningRate: 0.05, earlyStopping: { monitor: "val_loss", patience: 3, restoreBestWeights: true } },
      { data: noise, validationSplit: 0.25 },
    );
    const best = argBest(epochs.map((m) => m.val_loss ?? NaN), "min");
    assert.equal(result.stoppedEarly, true);
    assert.equal(result.epochsCompleted, best + 3);
    assert.equal(result.bestEpoch, best);
    assert.deepEqual(result.bestMetrics, epochs[best - 1]);
    assert.deepEqual(final, weights[best - 1]);
    assert.notDeepEqual(final, weights.at(-1));
    const kept = await run({ epochs: 20, learningRate: 0.05, earlyStopping: { monitor: "val_loss", patience: 3 } }, { data: noise, validationSplit: 0.25 });
    assert.deepEqual(kept.final, kept.weights.at(-1));
    assert.equal(kept.result.bestEpoch, null);
  });

  test("modelSelection exports the weights of the epoch where the monitor was best", async () => {
    for (const [monitor, mode] of [["val_loss", "min"], ["val_accuracy", "max"]] as const) {
      const { result, epochs, weights, final } = await run({ epochs: 8, learningRate: 0.05, modelSelection: { monitor } }, { data: noise, validationSplit: 0.25 });
      const best = argBest(epochs.map((m) => m[monitor] ?? NaN), mode);
      assert.ok(best < 8, `${monitor}: the best epoch ${best} should not be the last`);
      assert.equal(result.bestEpoch, best);
      assert.equal(result.epochsCompleted, 8);
      assert.deepEqual(result.finalMetrics, epochs[7]);
      assert.deepEqual(final, weights[best - 1]);
    }
  });

  test("stepDecay changes the learning rate every everyEpochs epochs, and the optimizer uses it", async () => {
    const decayed = await run({ epochs: 5, optimizer: "sgd", learningRate: 0.1, learningRateSchedule: { type: "stepDecay", everyEpochs: 2, factor: 0.5 } });
    assertRates(decayed.epochs, [0.1, 0.1, 0.05, 0.05, 0.025]);
    const constant = await run({ epochs: 5, optimizer: "sgd", learningRate: 0.1 });
    assertRates(constant.epochs, [0.1, 0.1, 0.1, 0.1, 0.1]);
    assert.deepEqual(decayed.weights[1], constant.weights[1]);
    assert.notDeepEqual(decayed.weights[2], constant.weights[2]);
  });

  test("reduceOnPlateau multiplies the rate by factor after patience epochs without improvement, down to minLearningRate", async () => {
    const { epochs } = await run({
      epochs: 5,
      learningRate: 0.1,
      learningRateSchedule: { type: "reduceOnPlateau", monitor: "loss", patience: 1, minDelta: 10, factor: 0.5, minLearningRate: 0.02 },
    });
    assertRates(epochs, [0.1, 0.1, 0.05, 0.025, 0.02]);
  });

  test("an L2 kernel penalty is added to the reported loss and shrinks the weights", async () => {
    const plain = await run({ epochs: 3 }, { validationSplit: 0.25 });
    const penalised = await run({ epochs: 3 }, { validationSplit: 0.25, l2: 0.05 });
    const first = (r: Run) => r.epochs[0] ?? assert.fail("no epoch");
    assert.ok(first(penalised).loss > first(plain).loss + 0.1, `${first(penalised).loss} vs ${first(plain).loss}`);
    assert.ok((first(penalised).val_loss ?? 0) > (first(plain).val_loss ?? 0) + 0.1);
    const kernelNorm = (r: Run) => [0, 2].reduce((sum, i) => sum + (r.final[i] ?? []).reduce((a, w) => a + w * w, 0), 0);
    assert.ok(kernelNorm(penalised) < kernelNorm(plain), `${kernelNorm(penalised)} vs ${kernelNorm(plain)}`);
  });

  test("the reported val_loss is the loss plus penalty evaluateModel gives for the same samples", async () => {
    const split = splitIndices({ labels: blobs.labels, count: blobs.count, validationSplit: 0.25, seed: 3, stratify: true });
    const model = denseClassifier(tf, { inputShape: [6], units: 3, l2: { l2: 0.01 } });
    try {
      const result = await trainModel({ tf, model, training: trainingSpec({ epochs: 2 }), data: blobs, split });
      const scored = await evaluateModel({ tf, model, data: blobs, samples: split.validation });
      assert.ok(Math.abs((result.finalMetrics?.val_loss ?? NaN) - scored.loss) < 1e-6);
      assert.equal(result.finalMetrics?.val_accuracy, scored.accuracy);
    } finally {
      model.dispose();
    }
  });

  test("momentum and nesterov change the sgd and rmsprop trajectories", async () => {
    const plain = await run({ epochs: 2, optimizer: "sgd", learningRate: 0.05 });
    const heavy = await run({ epochs: 2, optimizer: "sgd", learningRate: 0.05, momentum: 0.9 });
    const nesterov = await run({ epochs: 2, optimizer: "sgd", learningRate: 0.05, momentum: 0.9, nesterov: true });
    assert.notDeepEqual(heavy.final, plain.final);
    assert.notDeepEqual(nesterov.final, heavy.final);
    const rmsprop = await run({ epochs: 2, optimizer: "rmsprop" });
    const rmspropMomentum = await run({ epochs: 2, optimizer: "rmsprop", momentum: 0.5 });
    assert.notDeepEqual(rmspropMomentum.final, rmsprop.final);
    for (const r of [heavy, nesterov, rmspropMomentum]) assert.ok((r.epochs[1]?.loss ?? Infinity) < (r.epochs[0]?.loss ?? 0));
  });

  test("meanSquaredError on one-hot targets is reported and minimised", async () => {
    const mse = await run({ epochs: 6, loss: "meanSquaredError", learningRate: 0.02 }, { validationSplit: 0.25 });
    const crossEntropy = await run({ epochs: 6, learningRate: 0.02 }, { validationSplit: 0.25 });
    const first = mse.epochs[0];
    const last = mse.epochs.at(-1);
    assert.ok(first !== undefined && last !== undefined);
    // A softmax over 3 classes has squared error below 2/3 per unit; cross-entropy starts near ln 3.
    assert.ok(first.loss < 0.67 && last.loss < first.loss, JSON.stringify(mse.epochs));
    assert.notDeepEqual(mse.final, crossEntropy.final);
  });

  test("validationSplit with stratify is the seeded stratified split", async () => {
    const skewed = makeBlobs({ count: 60, features: 6, numClasses: 3, seed: 4, classOf: (i) => (i < 40 ? 0 : i < 50 ? 1 : 2) });
    const given = splitIndices({ labels: skewed.labels, count: 60, validationSplit: 0.3, seed: 7, stratify: true });
    const viaOptions = await run({ epochs: 1, seed: 7 }, { data: skewed, validationSplit: 0.3, stratify: true });
    const viaSplit = await run({ epochs: 1, seed: 7 }, { data: skewed, split: given });
    assert.deepEqual(viaOptions.final, viaSplit.final);
    assert.deepEqual(viaOptions.epochs, viaSplit.epochs);
  });

  test("rejects a val_* monitor without validation data and sparse cross-entropy on one unit", async () => {
    await assert.rejects(run({ earlyStopping: { monitor: "val_loss" } }), (error: unknown) => {
      assert.ok(error instanceof InvalidInputError);
      assert.equal(error.details[0]?.path, "training.earlyStopping.monitor");
      return true;
    });
    const binary = makeBlobs({ count: 16, features: 4, numClasses: 2, seed: 1 });
    const model = denseClassifier(tf, { inputShape: [4], units: 1 });
    try {
      await assert.rejects(trainModel({ tf, model, data: binary, training: trainingSpec({ loss: "sparseCategoricalCrossentropy" }) }), (error: unknown) => {
        assert.ok(error instanceof InvalidInputError);
        assert.equal(error.details[0]?.path, "training.loss");
        return true;
      });
    } finally {
      model.dispose();
    }
  });

  test("leaves the live tensor count unchanged with every option on", async () => {
    const before = tf.memory().numTensors;
    await run(
      {
        epochs: 6,
        optimizer: "sgd",
        momentum: 0.9,
        nesterov: true,
        earlyStopping: { monitor: "val_accuracy", patience: 2, restoreBestWeights: true },
        learningRateSchedule: { type: "reduceOnPlateau", patience: 1 },
        modelSelection: { monitor: "val_loss" },
      },
      { data: noise, validationSplit: 0.25, stratify: true, l2: 0.01 },
    );
    assert.equal(tf.memory().numTensors, before);
  });
});

function assertRates(epochs: EpochMetrics[], expected: number[]): void {
  assert.equal(epochs.length, expected.length);
  epochs.forEach((m, i) => assert.ok(Math.abs(m.lr - (expected[i] ?? NaN)) < 1e-12, `epoch ${i + 1}: lr ${m.lr}, expected ${expected[i]}`));
}
