import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { InvalidInputError, type NumericDataset } from "@trainyard/domain";
import { loadBackend } from "../backend/load-backend.js";
import { makeImageDataset } from "../test-support/random-data.js";
import { evaluateModel } from "./evaluate-model.js";
import { splitIndices } from "./split-indices.js";
import { streamFromMemory } from "./stream-from-memory.js";
import type { StreamedDataset } from "./streamed-dataset.js";
import { denseClassifier, makeBlobs, makeKeywordSequences, trainingSpec, weightsOf } from "./test-support/training-fixtures.js";
import { trainModel, type EpochMetrics } from "./train-model.js";

let tf: typeof tfjs;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

// uint8 8x8 images (64 bytes a sample): blocks of 8 samples, a shuffle buffer of 40.
const images = makeImageDataset({ count: 240, height: 8, width: 8, numClasses: 4, seed: 3 }) as NumericDataset;
const streamedImages = streamFromMemory(images, { blockBytes: 512, shuffleBufferSamples: 40 });

async function train(data: NumericDataset | StreamedDataset, training: Record<string, unknown> = {}) {
  const model = denseClassifier(tf, { inputShape: data.featureShape, units: data.numClasses, seed: 5 });
  const epochs: EpochMetrics[] = [];
  try {
    const result = await trainModel({
      tf,
      model,
      training: trainingSpec({ epochs: 4, ...training }),
      data,
      validationSplit: 0.25,
      onEpochEnd: async (_epoch, metrics) => {
        epochs.push(metrics);
      },
    });
    return { result, epochs, weights: await weightsOf(model), model };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

describe("trainModel on a streamed dataset", () => {
  test("learns a separable problem through blocks and the shuffle buffer, leaving no tensors behind", async () => {
    const before = tf.memory().numTensors;
    const { result, epochs, model } = await train(streamedImages, { epochs: 6 });
    model.dispose();
    assert.equal(result.epochsCompleted, 6);
    const first = epochs[0];
    const last = epochs[5];
    assert.ok(first !== undefined && last !== undefined);
    assert.ok(last.loss < first.loss, `loss fell from ${first.loss} to ${last.loss}`);
    assert.ok((last.val_accuracy ?? 0) >= 0.9, `val_accuracy ${last.val_accuracy}`);
    assert.equal(tf.memory().numTensors, before);
  });

  test("gives identical weights for the same seed, and other weights for another seed", async () => {
    const a = await train(streamedImages, { seed: 21 });
    const b = await train(streamedImages, { seed: 21 });
    const c = await train(streamedImages, { seed: 22 });
    for (const run of [a, b, c]) run.model.dispose();
    assert.deepEqual(a.weights, b.weights);
    assert.deepEqual(a.epochs, b.epochs);
    assert.notDeepEqual(a.weights, c.weights);
  });

  test("without shuffle, trains exactly as the in-memory path does (same samples, same order, same weights)", async () => {
    const memory = await train(images, { shuffle: false, seed: 8 });
    const streamed = await train(streamedImages, { shuffle: false, seed: 8 });
    for (const run of [memory, streamed]) run.model.dispose();
    assert.deepEqual(streamed.weights, memory.weights);
    assert.deepEqual(streamed.epochs, memory.epochs);
  });

  test("validates on the same split as the in-memory path for the same seed", async () => {
    const { epochs, model } = await train(streamedImages, { seed: 13, epochs: 2 });
    try {
      const split = splitIndices({ labels: images.labels, count: images.count, validationSplit: 0.25, seed: 13, stratify: false });
      const inMemory = await evaluateModel({ tf, model, data: images, samples: split.validation, batchSize: 16 });
      const last = epochs[1];
      assert.ok(last?.val_loss !== undefined && last.val_accuracy !== undefined);
      assert.ok(Math.abs(last.val_loss - inMemory.loss) < 1e-6, `${last.val_loss} vs ${inMemory.loss}`);
      assert.equal(last.val_accuracy, inMemory.accuracy);
    } finally {
      model.dispose();
    }
  });

  test("trains float32 rows and int32 token ids read as little-endian bytes", async () => {
    const blobs = makeBlobs({ count: 300, features: 6, numClasses: 3, seed: 2 });
    const rows = await train(streamFromMemory(blobs, { blockBytes: 24 * 16 }), { epochs: 8 });
    rows.model.dispose();
    assert.ok((rows.epochs[7]?.val_accuracy ?? 0) >= 0.9, `rows val_accuracy ${rows.epochs[7]?.val_accuracy}`);

    const sequences = makeKeywordSequences({ count: 64, length: 6, vocab: 20, keyword: 7, seed: 1 });
    const model = tf.sequential({ layers: [tf.layers.embedding({ inputDim: 20, outputDim: 4, inputLength: 6 }), tf.layers.flatten(), tf.layers.dense({ units: 1, activation: "sigmoid" })] });
    try {
      const streamed = streamFromMemory(sequences, { blockBytes: 100 });
      assert.equal(streamed.maxTokenId, 19);
      const result = await trainModel({ tf, model, training: trainingSpec({ epochs: 1 }), data: streamed });
      assert.equal(result.epochsCompleted, 1);
      await assert.rejects(
        trainModel({ tf, model, training: trainingSpec(), data: { ...streamed, maxTokenId: 20 } }),
        (error: unknown) => error instanceof InvalidInputError && /token ids go up to 20/.test(error.message),
      );
    } finally {
      model.dispose();
    }
  });

  test("evaluateModel scores a streamed dataset as it scores the same data in memory", async () => {
    const model = denseClassifier(tf, { inputShape: images.featureShape, units: images.numClasses, seed: 5 });
    try {
      const memory = await evaluateModel({ tf, model, data: images });
      const streamed = await evaluateModel({ tf, model, data: streamedImages });
      assert.ok(Math.abs(memory.loss - streamed.loss) < 1e-6);
      assert.equal(memory.accuracy, streamed.accuracy);
    } finally {
      model.dispose();
    }
  });

  test("stops cooperatively in the middle of an epoch, with reads in flight, and leaves no tensors", async () => {
    const before = tf.memory().numTensors;
    const model = denseClassifier(tf, { inputShape: images.featureShape, units: images.numClasses, seed: 5 });
    let batches = 0;
    try {
      const result = await trainModel({ tf, model, training: trainingSpec({ epochs: 3 }), data: streamedImages, onBatchEnd: () => batches++, shouldStop: () => batches >= 3 });
      assert.equal(result.stopped, true);
      assert.equal(result.epochsCompleted, 0);
    } finally {
      model.dispose();
    }
    assert.equal(tf.memory().numTensors, before);
  });
});
