import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { optimizerNames } from "@trainyard/contracts";
import { InvalidInputError, type NumericDataset } from "@trainyard/domain";
import { loadBackend } from "../backend/load-backend.js";
import { makeImageDataset } from "../test-support/random-data.js";
import { makeBatch } from "./make-batch.js";
import { denseClassifier, makeBlobs, makeKeywordSequences, trainingSpec, weightsOf } from "./test-support/training-fixtures.js";
import { trainModel, type BatchProgress, type EpochMetrics, type TrainModelOptions } from "./train-model.js";

let tf: typeof tfjs;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

const images = makeImageDataset({ count: 96, height: 8, width: 8, numClasses: 4, seed: 3 }) as NumericDataset;

function modelFor(data: NumericDataset, seed = 5): tfjs.LayersModel {
  return denseClassifier(tf, { inputShape: data.featureShape, units: data.numClasses, seed });
}

describe("trainModel", () => {
  test("learns a separable dataset and reports training and validation metrics per epoch", async () => {
    const model = modelFor(images);
    const epochs: [number, EpochMetrics][] = [];
    try {
      const result = await trainModel({
        tf,
        model,
        training: trainingSpec({ epochs: 6 }),
        data: images,
        validationSplit: 0.25,
        onEpochEnd: async (epoch, metrics) => {
          epochs.push([epoch, metrics]);
        },
      });
      assert.deepEqual(epochs.map(([e]) => e), [1, 2, 3, 4, 5, 6]);
      assert.deepEqual(
        { stopped: result.stopped, stoppedEarly: result.stoppedEarly, epochsCompleted: result.epochsCompleted, bestEpoch: result.bestEpoch },
        { stopped: false, stoppedEarly: false, epochsCompleted: 6, bestEpoch: null },
      );
      const first = epochs[0]?.[1];
      const last = epochs[5]?.[1];
      assert.deepEqual(result.finalMetrics, last);
      assert.ok(first !== undefined && last !== undefined);
      assert.deepEqual(Object.keys(last).sort(), ["accuracy", "loss", "lr", "val_accuracy", "val_loss"]);
      for (const [, metrics] of epochs) {
        for (const value of Object.values(metrics)) assert.ok(typeof value === "number" && Number.isFinite(value));
      }
      assert.equal(last.lr, 0.01);
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
        training: trainingSpec({ epochs: 2 }),
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
        training: trainingSpec({ epochs: 5 }),
        data: images,
        onBatchEnd: () => batches++,
        shouldStop: () => batches >= 8,
      });
      // 6 batches per epoch: the stop lands in the second epoch.
      assert.equal(batches, 8);
      assert.deepEqual(
        { ...result, finalMetrics: null },
        { stopped: true, stoppedEarly: false, epochsCompleted: 1, finalMetrics: null, bestEpoch: null, bestMetrics: null },
      );
      assert.ok(result.finalMetrics !== null && Number.isFinite(result.finalMetrics.loss));
      const early = await trainModel({ tf, model, training: trainingSpec(), data: images, shouldStop: () => true });
      assert.deepEqual(early, { stopped: true, stoppedEarly: false, epochsCompleted: 0, finalMetrics: null, bestEpoch: null, bestMetrics: null });
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
      await trainModel({ tf, model, training: trainingSpec({ epochs: 2 }), data: images, onBatchEnd: () => seen.push(ticks) });
    } finally {
      running = false;
      model.dispose();
    }
    assert.equal(seen.length, 12);
    for (let i = 1; i < seen.length; i++) assert.ok((seen[i] ?? 0) > (seen[i - 1] ?? 0), `no tick between batches ${i} and ${i + 1}`);
  });

  test("gives identical weights for the same seed, data and backend", async () => {
    const run = async (seed: number) => {
      const model = modelFor(images, 11);
      try {
        await trainModel({ tf, model, training: trainingSpec({ epochs: 2, seed }), data: images, validationSplit: 0.25 });
        return await weightsOf(model);
      } finally {
        model.dispose();
      }
    };
    const first = await run(11);
    assert.deepEqual(await run(11), first);
    assert.notDeepEqual(await run(12), first);
  });

  test("gives identical weights for the same seed with dropout: its masks follow the seed", async () => {
    const data = makeBlobs({ count: 64, features: 6, numClasses: 3, seed: 2 });
    const run = async (seed: number) => {
      const model = tf.sequential();
      model.add(tf.layers.dense({ units: 16, activation: "relu", inputShape: [6], kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
      model.add(tf.layers.dropout({ rate: 0.5 }));
      model.add(tf.layers.dense({ units: 3, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
      try {
        await trainModel({ tf, model, training: trainingSpec({ epochs: 2, batchSize: 8, seed }), data });
        return await weightsOf(model);
      } finally {
        model.dispose();
      }
    };
    const first = await run(21);
    assert.deepEqual(await run(21), first);
    assert.notDeepEqual(await run(22), first);
    assert.notEqual(Math.random(), Math.random(), "Math.random is put back");
  });

  const optimizerCases = [
    ...optimizerNames.map((optimizer) => ({ optimizer })),
    { optimizer: "sgd", momentum: 0.9, nesterov: true },
    { optimizer: "rmsprop", momentum: 0.5 },
  ];
  for (const options of optimizerCases) {
    test(`leaves the live tensor count unchanged with ${JSON.stringify(options)}`, async () => {
      const before = tf.memory().numTensors;
      const model = modelFor(images);
      const withModel = tf.memory().numTensors;
      await trainModel({ tf, model, training: trainingSpec({ ...options, epochs: 2 }), data: images, validationSplit: 0.25 });
      assert.equal(tf.memory().numTensors, withModel);
      model.dispose();
      assert.equal(tf.memory().numTensors, before);
    });
  }

  test("trains a 1-unit sigmoid model with binary cross-entropy by default", async () => {
    const data = makeBlobs({ count: 80, features: 4, numClasses: 2, seed: 2 });
    const model = denseClassifier(tf, { inputShape: [4], units: 1 });
    try {
      const result = await trainModel({ tf, model, training: trainingSpec({ epochs: 8, batchSize: 8, learningRate: 0.05 }), data, validationSplit: 0.25 });
      const metrics = result.finalMetrics;
      assert.ok(metrics !== null && (metrics.val_accuracy ?? 0) >= 0.95, JSON.stringify(metrics));
      assert.ok(metrics.val_loss !== undefined && metrics.val_loss < 0.4, JSON.stringify(metrics));
    } finally {
      model.dispose();
    }
  });

  test("feeds int32 token ids to an Embedding as they are and learns a keyword", async () => {
    const data = makeKeywordSequences({ count: 160, length: 6, vocab: 20, keyword: 7, seed: 4 });
    const model = tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: 20, outputDim: 8, inputLength: 6, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: 3 }) }),
        tf.layers.globalMaxPooling1d({}),
        tf.layers.dense({ units: 1, activation: "sigmoid", kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
      ],
    });
    try {
      const result = await trainModel({ tf, model, training: trainingSpec({ epochs: 12, learningRate: 0.05 }), data, validationSplit: 0.25, stratify: true });
      assert.ok((result.finalMetrics?.val_accuracy ?? 0) >= 0.9, JSON.stringify(result.finalMetrics));
      const outOfVocabulary = { ...data, features: data.features.map((id, i) => (i === 5 ? 20 : id)) };
      await assert.rejects(trainModel({ tf, model, training: trainingSpec(), data: outOfVocabulary }), /token ids span 2\.\.20, outside the embedding's vocabulary 0\.\.19/);
    } finally {
      model.dispose();
    }
  });

  test("rejects data that does not fit the model as an invalid dataset.id", async () => {
    const model = modelFor(images);
    const badLabels = { ...images, labels: images.labels.map((l) => (l === 3 ? 4 : l)) };
    const noTraining = { train: new Int32Array(0), validation: Int32Array.from([0, 1]) };
    try {
      const attempts: [Partial<TrainModelOptions>, RegExp][] = [
        [{ data: badLabels }, /label 4 is outside 0\.\.3/],
        [{ data: images, split: noTraining }, /no training samples left/],
        [{ data: { ...images, featureShape: [8, 9] } }, /do not fit the model's input \[8,8\]/],
        [{ data: { ...images, numClasses: 5 } }, /the model has 4 outputs for 5 classes/],
      ];
      for (const [options, reason] of attempts) {
        await assert.rejects(trainModel({ tf, model, training: trainingSpec(), data: images, ...options }), (error: unknown) => {
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

test("makeBatch scales uint8 features by 1/255, copies float32 ones and keeps int32 ids as int32", async () => {
  const order = Int32Array.from([1, 0]);
  const uint8: NumericDataset = { count: 2, featureShape: [3], dtype: "uint8", numClasses: 2, features: Uint8Array.from([0, 255, 51, 102, 0, 255]), labels: Int32Array.from([0, 1]) };
  const float: NumericDataset = { ...uint8, dtype: "float32", features: Float32Array.from([0.5, -2, 7, 1, 2, 3]) };
  const ids: NumericDataset = { ...uint8, dtype: "int32", features: Int32Array.from([9, 300, 2, 1, 0, 255]) };
  const cases = [[uint8, "float32", [0.4, 0, 1, 0, 1, 0.2]], [float, "float32", [1, 2, 3, 0.5, -2, 7]], [ids, "int32", [1, 0, 255, 9, 300, 2]]] as const;
  for (const [data, dtype, expected] of cases) {
    const batch = makeBatch(tf, data, [3, 1], order, 0, 2);
    try {
      assert.deepEqual(batch.xs.shape, [2, 3, 1]);
      assert.equal(batch.xs.dtype, dtype);
      const values = Array.from(await batch.xs.data());
      expected.forEach((v, i) => assert.ok(Math.abs((values[i] ?? NaN) - v) < 1e-6, `${values[i]} vs ${v}`));
      assert.deepEqual(Array.from(await batch.labels.data()), [1, 0]);
    } finally {
      tf.dispose([batch.xs, batch.labels]);
    }
  }
});
