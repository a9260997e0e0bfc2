import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { ganModelSpecSchema, optimizerNames, trainingSpecSchema, type GanModelSpec, type TrainingSpec } from "@trainyard/contracts";
import { InvalidInputError, type NumericDataset } from "@trainyard/domain";
import { loadBackend } from "../backend/load-backend.js";
import { buildGan } from "./build-gan.js";
import { makeRealImageBatch, resolveImageScaling } from "./real-image-batch.js";
import { squareImages } from "./test-support/square-images.js";
import { trainGan, type GanEpochMetrics } from "./train-gan.js";

let tf: typeof tfjs;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

const images = squareImages(64, 1);

function ganSpec(options: Record<string, unknown> = {}): GanModelSpec {
  return ganModelSpecSchema.parse({ type: "gan", latentDim: 8, generator: [32], discriminator: [32], ...options });
}

function trainingSpec(options: Record<string, unknown> = {}): TrainingSpec {
  return trainingSpecSchema.parse({ epochs: 1, batchSize: 16, learningRate: 0.005, seed: 1, ...options });
}

/** Trains freshly built networks; returns the generator's weights and the last epoch's metrics. */
async function train(options: { spec?: GanModelSpec; training?: TrainingSpec; data?: NumericDataset; seed?: number } = {}) {
  const spec = options.spec ?? ganSpec();
  const data = options.data ?? images;
  const { generator, discriminator } = buildGan(tf, spec, data, options.seed ?? 1);
  try {
    const result = await trainGan({ tf, generator, discriminator, spec, data, training: options.training ?? trainingSpec() });
    const weights = await Promise.all(generator.getWeights().map(async (w) => Array.from(await w.data())));
    return { weights, metrics: result.finalMetrics as GanEpochMetrics };
  } finally {
    generator.dispose();
    discriminator.dispose();
  }
}

describe("trainGan options", () => {
  test("gives identical generator weights for the same seed, data and backend", async () => {
    const first = await train({ training: trainingSpec({ epochs: 2, seed: 11 }), seed: 11 });
    assert.deepEqual(await train({ training: trainingSpec({ epochs: 2, seed: 11 }), seed: 11 }), first);
    // Same initial weights, another noise and shuffle seed.
    assert.notDeepEqual((await train({ training: trainingSpec({ epochs: 2, seed: 12 }), seed: 11 })).weights, first.weights);
  });

  for (const optimizer of optimizerNames) {
    test(`leaves the live tensor count unchanged with the ${optimizer} optimizer`, async () => {
      const before = tf.memory().numTensors;
      const spec = ganSpec({ dSteps: 2, gSteps: 2, kernelRegularizer: { l1: 0.001, l2: 0.001 } });
      const { generator, discriminator } = buildGan(tf, spec, images, 1);
      const withModels = tf.memory().numTensors;
      let samples = 0;
      await trainGan({
        tf, generator, discriminator, spec, data: images, training: trainingSpec({ optimizer, epochs: 2 }),
        onSamples: async () => void samples++,
      });
      assert.equal(samples, 2);
      assert.equal(tf.memory().numTensors, withModels);
      generator.dispose();
      discriminator.dispose();
      assert.equal(tf.memory().numTensors, before);
    });
  }

  test("takes dSteps discriminator steps per batch: more of them make a stronger discriminator", async () => {
    const one = await train();
    const five = await train({ spec: ganSpec({ dSteps: 5 }) });
    assert.ok(five.metrics.d_loss < one.metrics.d_loss, `d_loss ${five.metrics.d_loss} with 5 steps, ${one.metrics.d_loss} with 1`);
    assert.ok(five.metrics.d_real - five.metrics.d_fake > one.metrics.d_real - one.metrics.d_fake, JSON.stringify([five.metrics, one.metrics]));
  });

  test("takes gSteps generator steps per batch: more of them fool the discriminator more", async () => {
    const one = await train();
    const five = await train({ spec: ganSpec({ gSteps: 5 }) });
    assert.ok(five.metrics.g_loss < one.metrics.g_loss, `g_loss ${five.metrics.g_loss} with 5 steps, ${one.metrics.g_loss} with 1`);
    assert.ok(five.metrics.d_fake > one.metrics.d_fake, JSON.stringify([five.metrics, one.metrics]));
  });

  test("adds the kernel penalty to both losses", async () => {
    const plain = await train();
    const penalized = await train({ spec: ganSpec({ kernelRegularizer: { l2: 0.05 } }) });
    assert.ok(penalized.metrics.d_loss > plain.metrics.d_loss + 0.05, JSON.stringify([penalized.metrics, plain.metrics]));
    assert.ok(penalized.metrics.g_loss > plain.metrics.g_loss + 0.05, JSON.stringify([penalized.metrics, plain.metrics]));
  });

  test("trains float32 feature rows, scaled min-max to [-1, 1]", async () => {
    const count = 32;
    const features = Float32Array.from({ length: count * 6 }, (_, i) => (i % 6 < 3 ? 40 : 10) + (i % 5));
    const rows: NumericDataset = { count, featureShape: [6], dtype: "float32", numClasses: 1, features, labels: new Int32Array(count) };
    const { metrics } = await train({ data: rows, spec: ganSpec(), training: trainingSpec({ epochs: 2 }) });
    assert.ok(Object.values(metrics).every(Number.isFinite), JSON.stringify(metrics));
  });

  test("rejects data a GAN cannot learn from as an invalid dataset.id", async () => {
    const spec = ganSpec();
    const { generator, discriminator } = buildGan(tf, spec, images, 1);
    try {
      const attempts: [NumericDataset, RegExp][] = [
        [{ ...images, dtype: "int32", features: new Int32Array(images.features) }, /needs image data .* holds int32 values/],
        [{ ...images, featureShape: [8, 9] }, /samples of shape \[8,9\] do not fit the generator's output \[8,8,1\]/],
        [{ ...images, count: 65 }, /holds 4096 values for 65 samples/],
        [{ ...images, count: 0, features: new Uint8Array(0) }, /no samples/],
      ];
      for (const [data, reason] of attempts) {
        await assert.rejects(trainGan({ tf, generator, discriminator, spec, data, training: trainingSpec() }), (error: unknown) => {
          assert.ok(error instanceof InvalidInputError);
          assert.equal(error.details[0]?.path, "dataset.id");
          assert.match(error.message, reason);
          return true;
        });
      }
    } finally {
      generator.dispose();
      discriminator.dispose();
    }
  });
});

test("scales uint8 images by x / 127.5 - 1 and float32 ones min-max to [-1, 1]", async () => {
  const uint8: NumericDataset = { count: 2, featureShape: [3], dtype: "uint8", numClasses: 1, features: Uint8Array.from([0, 255, 51, 102, 0, 255]), labels: new Int32Array(2) };
  const float32: NumericDataset = { count: 2, featureShape: [2], dtype: "float32", numClasses: 1, features: Float32Array.from([-3, 5, 1, 3]), labels: new Int32Array(2) };
  const flat: NumericDataset = { ...float32, features: Float32Array.from([7, 7, 7, 7]) };
  const order = Int32Array.from([1, 0]);
  const read = async (data: NumericDataset, shape: number[]) => {
    const batch = makeRealImageBatch(tf, data, shape, resolveImageScaling(data), order, 0, 2);
    try {
      assert.deepEqual(batch.shape, [2, ...shape]);
      return Array.from(await batch.data()).map((v) => Math.round(v * 1e5) / 1e5);
    } finally {
      batch.dispose();
    }
  };
  assert.deepEqual(await read(uint8, [3]), [-0.2, -1, 1, -1, 1, -0.6]);
  assert.deepEqual(await read(float32, [2]), [0, 0.5, -1, 1]);
  assert.deepEqual(await read(flat, [2]), [0, 0, 0, 0]);
});
