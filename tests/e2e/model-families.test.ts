import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import * as tf from "@tensorflow/tfjs";
import { makeCsvDataset } from "../fixtures/csv.js";
import { idxHeader, makeIdxDataset } from "../fixtures/idx.js";
import { makeKeywordTextDataset } from "../fixtures/jsonl.js";
import { trainToEnd, uploadDataFile, uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("every model family trains through the API and learns", () => {
  let stack: TestStack;
  let key: string;

  before(async () => {
    stack = await startTestStack({ worker: true });
    key = await stack.createTenantKey();
  });
  after(async () => {
    await stack.stop();
  });
  const auth = () => ({ authorization: `Bearer ${key}` });

  test("the seed RNN finds a keyword in raw text and ships its vocabulary", async () => {
    const dataset = await uploadDataFile(stack, key, "jsonl", makeKeywordTextDataset({ count: 400, seed: 3 }));
    assert.equal(dataset.dtype, "text");
    const tensorsBefore = tf.memory().numTensors;
    const { job, metrics } = await trainToEnd(stack, key, {
      model: { type: "rnn", vocabSize: 200, sequenceLength: 16, embeddingDim: 16, units: 16 },
      dataset: { id: dataset.id, validationSplit: 0.2, stratify: true },
      training: { epochs: 6, batchSize: 16, learningRate: 0.01, seed: 1 },
    });
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    assert.equal(tf.memory().numTensors, tensorsBefore, "the worker left tensors behind");
    assert.ok((metrics.at(-1)?.val_accuracy ?? 0) >= 0.85, JSON.stringify(metrics));

    const files = await stack.request().get(`/v1/jobs/${job.id}/model`).set(auth());
    assert.deepEqual((files.body as { items: { path: string }[] }).items.map((f) => f.path).sort(), ["model/model.json", "model/vocab.json", "model/weights.bin"]);
    const vocab = await stack.request().get(`/v1/jobs/${job.id}/model/vocab.json`).set(auth());
    assert.equal((vocab.body as { sequenceLength: number }).sequenceLength, 16);
    const model = await tf.loadLayersModel(`${stack.baseUrl}/v1/jobs/${job.id}/model/model.json`, { requestInit: { headers: auth() } });
    const out = tf.tidy(() => model.predict(tf.zeros([2, 16])) as tf.Tensor);
    assert.deepEqual(out.shape, [2, 1]);
    out.dispose();
    model.dispose();
  });

  test("the seed GAN trains on images, its samples move toward the data, and its generator is the model", async () => {
    const dataset = await uploadIdx(stack, key, squareImages(128));
    const tensorsBefore = tf.memory().numTensors;
    const { job, metrics } = await trainToEnd(stack, key, {
      model: { type: "gan", latentDim: 8, generator: [32], discriminator: [32], sampleEveryEpochs: 3 },
      dataset: { id: dataset.id },
      training: { epochs: 6, batchSize: 16, learningRate: 0.002, seed: 4 },
    });
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    assert.equal(tf.memory().numTensors, tensorsBefore, "the worker left tensors behind");
    assert.equal(metrics.length, 6);
    for (const name of ["d_loss", "g_loss", "d_real", "d_fake"]) assert.equal(typeof metrics[0]?.[name], "number", name);

    const artifacts = await stack.request().get(`/v1/jobs/${job.id}/artifacts`).set(auth());
    const samples = (artifacts.body as { items: { path: string; url: string }[] }).items.filter((a) => a.path.startsWith("samples/"));
    assert.deepEqual(samples.map((a) => a.path), ["samples/epoch-0003.png", "samples/epoch-0006.png"]);
    const png = await fetch(`${stack.baseUrl}${samples[0]?.url ?? ""}`, { headers: auth() });
    assert.equal(png.headers.get("content-type"), "image/png");
    assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

    // Real images are a bright square on a dark background. An untrained generator's outputs have no
    // such contrast (about 0); a trained one draws the square brighter than its surroundings (0.38
    // after these 6 seeded epochs on wasm; GAN training is not monotonic, so the threshold is loose).
    const generator = await tf.loadLayersModel(`${stack.baseUrl}/v1/jobs/${job.id}/model/model.json`, { requestInit: { headers: auth() } });
    const fake = tf.tidy(() => (generator.predict(tf.randomNormal([256, 8], 0, 1, "float32", 1)) as tf.Tensor).reshape([256, 64]).mean(0));
    const mean = Array.from(await fake.data());
    fake.dispose();
    generator.dispose();
    const inside = mean.filter((_, p) => inSquare(p));
    const outside = mean.filter((_, p) => !inSquare(p));
    const contrast = average(inside) - average(outside);
    assert.ok(contrast > 0.25, `generated square contrast ${contrast.toFixed(3)} (real data: about 1.4)`);
  });

  test("a custom layer list trains on CSV rows", async () => {
    const dataset = await uploadDataFile(stack, key, "csv", makeCsvDataset({ rows: 300, features: 8, numClasses: 3, header: true, seed: 5 }));
    const tensorsBefore = tf.memory().numTensors;
    const { job, metrics } = await trainToEnd(stack, key, {
      model: {
        type: "sequential",
        layers: [
          { type: "dense", units: 32, activation: "relu", kernelRegularizer: { l2: 0.001 } },
          { type: "dropout", rate: 0.1 },
          { type: "dense", units: 3, activation: "softmax" },
        ],
      },
      dataset: { id: dataset.id, validationSplit: 0.2 },
      training: { epochs: 8, batchSize: 16, optimizer: "sgd", learningRate: 0.05, momentum: 0.9, seed: 2 },
    });
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    assert.ok((metrics.at(-1)?.val_accuracy ?? 0) >= 0.8, JSON.stringify(metrics.at(-1)));
    assert.equal(tf.memory().numTensors, tensorsBefore, "the worker left tensors behind");
  });

  test("a Keras model JSON trains on images and the result loads in TensorFlow.js", async () => {
    const config = JSON.parse(await readFile(new URL("../../packages/training/src/keras/fixtures/sequential-cnn.json", import.meta.url), "utf8")) as object;
    const dataset = await uploadIdx(stack, key, makeIdxDataset({ count: 150, height: 12, width: 12, numClasses: 3, seed: 8 }));
    const tensorsBefore = tf.memory().numTensors;
    const { job, metrics } = await trainToEnd(stack, key, {
      model: { type: "keras", config },
      dataset: { id: dataset.id, validationSplit: 0.2 },
      training: { epochs: 5, batchSize: 16, learningRate: 0.01, seed: 3 },
    });
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    assert.equal(tf.memory().numTensors, tensorsBefore, "the worker left tensors behind");
    assert.ok((metrics.at(-1)?.val_accuracy ?? 0) > 0.6, JSON.stringify(metrics.at(-1)));
    const model = await tf.loadLayersModel(`${stack.baseUrl}/v1/jobs/${job.id}/model/model.json`, { requestInit: { headers: auth() } });
    const out = tf.tidy(() => model.predict(tf.zeros([1, 12, 12, 1])) as tf.Tensor);
    assert.deepEqual(out.shape, [1, 3]);
    out.dispose();
    model.dispose();
  });

  test("early stopping ends a job before its epochs and reports the learning rate per epoch", async () => {
    const dataset = await uploadIdx(stack, key, makeIdxDataset({ count: 160, height: 8, width: 8, numClasses: 4, seed: 6 }));
    const { job, metrics } = await trainToEnd(stack, key, {
      model: { type: "cnn", conv: [{ filters: 8, kernelSize: 3 }], dense: [16] },
      dataset: { id: dataset.id, validationSplit: 0.25 },
      training: {
        epochs: 40,
        batchSize: 16,
        learningRate: 0.01,
        seed: 3,
        earlyStopping: { monitor: "val_loss", patience: 0, minDelta: 0.5 },
        learningRateSchedule: { type: "stepDecay", everyEpochs: 1, factor: 0.5 },
      },
    });
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    assert.ok(metrics.length < 40, `ran ${metrics.length} epochs`);
    assert.deepEqual(metrics.slice(0, 2).map((m) => m.lr), [0.01, 0.005]);
  });
});

/** Whether pixel p of an 8x8 image lies in the square that real images light up. */
function inSquare(p: number): boolean {
  const row = Math.floor(p / 8);
  const col = p % 8;
  return row >= 2 && row < 6 && col >= 2 && col < 6;
}

function average(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** IDX files of `count` 8x8 images: a bright square (rows and columns 2-5) on a dark, noisy background. */
function squareImages(count: number): { images: Buffer; labels: Buffer } {
  const pixels = Buffer.alloc(count * 64);
  for (let i = 0; i < count; i++) {
    for (let p = 0; p < 64; p++) pixels[i * 64 + p] = (inSquare(p) ? 200 : 20) + ((i * 31 + p * 17) % 30);
  }
  const labels = Buffer.from(Array.from({ length: count }, (_, i) => i % 2));
  return { images: Buffer.concat([idxHeader(0x803, [count, 8, 8]), pixels]), labels: Buffer.concat([idxHeader(0x801, [count]), labels]) };
}
