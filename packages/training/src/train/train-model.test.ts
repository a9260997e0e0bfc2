import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { optimizerNames, type TrainingSpec } from "@trainyard/contracts";
import { InvalidInputError, type ParsedDataset } from "@trainyard/domain";
import { loadBackend } from "../backend/load-backend.js";
import { buildModel } from "../model/build-model.js";
import { makeImageDataset } from "../test-support/random-data.js";
import { makeBatch } from "./make-batch.js";
import { trainModel, type BatchProgress, type EpochMetrics } from "./train-model.js";

let tf: typeof tfjs;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

const cnn = { type: "cnn" } as const;
const images = makeImageDataset({ count: 96, height: 8, width: 8, numClasses: 4, seed: 3 });

function spec(overrides: Partial<TrainingSpec> = {}): TrainingSpec {
  return { epochs: 1, batchSize: 16, optimizer: "adam", learningRate: 0.01, shuffle: true, seed: 1, ...overrides };
}

function modelFor(data: ParsedDataset, seed = 5): tfjs.LayersModel {
  return buildModel(tf, cnn, { featureShape: data.featureShape, numClasses: data.numClasses }, seed);
}

async function weightsOf(model: tfjs.LayersModel): Promise<number[][]> {
  return Promise.all(model.getWeights().map(async (w) => Array.from(await w.data())));
}

describe("trainModel", () => {
  test("learns a separable dataset and reports training and validation metrics per epoch", async () => {
    const model = modelFor(images);
    const epochs: [number, EpochMetrics][] = [];
    try {
      const result = await trainModel({
        tf,
        model,
        training: spec({ epochs: 6 }),
        data: images,
        validationSplit: 0.25,
        onEpochEnd: async (epoch, metrics) => {
          epochs.push([epoch, metrics]);
        },
      });
      assert.deepEqual(epochs.map(([e]) => e), [1, 2, 3, 4, 5, 6]);
      assert.equal(result.stopped, false);
      assert.equal(result.epochsCompleted, 6);
      const first = epochs[0]?.[1];
      const last = epochs[5]?.[1];
      assert.deepEqual(result.finalMetrics, last);
      assert.ok(first !== undefined && last !== undefined);
      assert.deepEqual(Object.keys(last).sort(), ["accuracy", "loss", "val_accuracy", "val_loss"]);
      assert.ok(last.loss < first.loss, `loss fell from ${first.loss} to ${last.loss}`);
      assert.ok((last.val_accuracy ?? 0) >= 0.9, `val_accuracy ${last.val_accuracy}`);
    } finally {
      model.dispose();
    }
  });

  test("reports every batch with 1-based counts and awaits onEpochEnd before going on", async () => {
    const data = { ...images, count: 50, features: images.features.subarray(0, 50 * 64), labels: images.labels.subarray(0, 50) };
    const model = modelFor(data);
    const events: string[] = [];
    try {
      await trainModel({
        tf,
        model,
        training: spec({ epochs: 2 }),
        data,
        onBatchEnd: (p: BatchProgress) => events.push(`batch ${p.epoch}/${p.epochs} ${p.batch}/${p.batches}`),
        onEpochEnd: async (epoch) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          events.push(`epoch ${epoch} saved`);
        },
      });
      assert.deepEqual(events, [
        "batch 1/2 1/4", "batch 1/2 2/4", "batch 1/2 3/4", "batch 1/2 4/4", "epoch 1 saved",
        "batch 2/2 1/4", "batch 2/2 2/4", "batch 2/2 3/4", "batch 2/2 4/4", "epoch 2 saved",
      ]);
    } finally {
      model.dispose();
    }
  });

  test("stops after the batch where shouldStop turns true, counting only finished epochs", async () => {
    const model = modelFor(images);
    let batches = 0;
    try {
      const result = await trainModel({
        tf,
        model,
        training: spec({ epochs: 5 }),
        data: images,
        onBatchEnd: () => batches++,
        shouldStop: () => batches >= 8,
      });
      // 6 batches per epoch: the stop lands in the second epoch.
      assert.deepEqual(result, { stopped: true, epochsCompleted: 1, finalMetrics: result.finalMetrics });
      assert.equal(batches, 8);
      assert.ok(result.finalMetrics !== null && Number.isFinite(result.finalMetrics.loss));
      const early = await trainModel({ tf, model, training: spec(), data: images, shouldStop: () => true });
      assert.deepEqual(early, { stopped: true, epochsCompleted: 0, finalMetrics: null });
    } finally {
      model.dispose();
    }
  });

  test("lets the event loop run between batches", async () => {
    const model = modelFor(images);
    let ticks = 0;
    let running = true;
    const tick = () => {
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: number[] = [];
    try {
      await trainModel({ tf, model, training: spec({ epochs: 2 }), data: images, onBatchEnd: () => seen.push(ticks) });
    } finally {
      running = false;
      model.dispose();
    }
    assert.equal(seen.length, 12);
    for (let i = 1; i < seen.length; i++) assert.ok((seen[i] ?? 0) > (seen[i - 1] ?? 0), `no tick between batches ${i} and ${i + 1}`);
  });

  test("gives identical weights for the same seed, data and backend", async () => {
    const run = async (seed: number) => {
      const model = modelFor(images, seed);
      try {
        await trainModel({ tf, model, training: spec({ epochs: 2, seed }), data: images, validationSplit: 0.25 });
        return await weightsOf(model);
      } finally {
        model.dispose();
      }
    };
    const first = await run(11);
    assert.deepEqual(await run(11), first);
    assert.notDeepEqual(await run(12), first);
  });

  for (const optimizer of optimizerNames) {
    test(`leaves the live tensor count unchanged with the ${optimizer} optimizer`, async () => {
      const before = tf.memory().numTensors;
      const model = modelFor(images);
      const withModel = tf.memory().numTensors;
      await trainModel({ tf, model, training: spec({ optimizer, epochs: 2 }), data: images, validationSplit: 0.25 });
      assert.equal(tf.memory().numTensors, withModel);
      model.dispose();
      assert.equal(tf.memory().numTensors, before);
    });
  }

  test("trains CSV-style float32 rows with the 1-D network", async () => {
    const count = 60;
    const features = new Float32Array(count * 12);
    const labels = Int32Array.from({ length: count }, (_, i) => i % 3);
    labels.forEach((label, i) => features.fill(1, i * 12 + label * 4, i * 12 + label * 4 + 4));
    const data: ParsedDataset = { count, featureShape: [12], dtype: "float32", numClasses: 3, features, labels };
    const model = modelFor(data);
    try {
      const result = await trainModel({ tf, model, training: spec({ epochs: 5, batchSize: 8 }), data, validationSplit: 0.2 });
      assert.deepEqual(model.inputs[0]?.shape, [null, 12, 1]);
      assert.ok((result.finalMetrics?.val_accuracy ?? 0) >= 0.9, JSON.stringify(result.finalMetrics));
    } finally {
      model.dispose();
    }
  });

  test("rejects data that does not fit the model as an invalid dataset.id", async () => {
    const model = modelFor(images);
    const badLabels = { ...images, labels: images.labels.map((l) => (l === 3 ? 4 : l)) };
    const tooFew = { ...images, count: 1, features: images.features.subarray(0, 64), labels: images.labels.subarray(0, 1) };
    try {
      const attempts: [ParsedDataset, number, RegExp][] = [
        [badLabels, 0, /label 4 is outside 0\.\.3/],
        [tooFew, 0.5, /no training samples left/],
        [{ ...images, featureShape: [8, 9] }, 0, /do not fit the model's input \[8,8,1\]/],
      ];
      for (const [data, validationSplit, reason] of attempts) {
        await assert.rejects(trainModel({ tf, model, training: spec(), data, validationSplit }), (error: unknown) => {
          assert.ok(error instanceof InvalidInputError);
          assert.equal(error.details[0]?.path, "dataset.id");
          assert.match(error.message, reason);
          return true;
        });
      }
    } finally {
      model.dispose();
    }
  });
});

test("makeBatch scales uint8 features by 1/255 and copies float32 ones as they are", async () => {
  const order = Int32Array.from([1, 0]);
  const uint8: ParsedDataset = { count: 2, featureShape: [3], dtype: "uint8", numClasses: 2, features: Uint8Array.from([0, 255, 51, 102, 0, 255]), labels: Int32Array.from([0, 1]) };
  const float: ParsedDataset = { ...uint8, dtype: "float32", features: Float32Array.from([0.5, -2, 7, 1, 2, 3]) };
  for (const [data, expected] of [[uint8, [0.4, 0, 1, 0, 1, 0.2]], [float, [1, 2, 3, 0.5, -2, 7]]] as const) {
    const batch = makeBatch(tf, data, [3, 1], order, 0, 2);
    try {
      assert.deepEqual(batch.xs.shape, [2, 3, 1]);
      const values = Array.from(await batch.xs.data());
      expected.forEach((v, i) => assert.ok(Math.abs((values[i] ?? NaN) - v) < 1e-6, `${values[i]} vs ${v}`));
      assert.deepEqual(Array.from(await batch.labels.data()), [1, 0]);
    } finally {
      tf.dispose([batch.xs, batch.labels]);
    }
  }
});
