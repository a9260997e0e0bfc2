// The seed models trained on the native backend reach what they reach on wasm: the same seeds, data
// and settings, run once on each backend in this process.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { modelSpecSchema, trainingSpecSchema, type GanModelSpec } from "@trainyard/contracts";
import type { NumericDataset } from "@trainyard/domain";
import { nativeBackendName, registerNativeBackend } from "@trainyard/native-backend";
import { buildGan } from "../gan/build-gan.js";
import { squareContrast, squareImages } from "../gan/test-support/square-images.js";
import { trainGan } from "../gan/train-gan.js";
import { buildModel } from "../model/build-model.js";
import { makeImageDataset } from "../test-support/random-data.js";
import { makeKeywordSequences } from "../train/test-support/training-fixtures.js";
import { trainModel } from "../train/train-model.js";
import { loadBackend } from "./load-backend.js";

let tf: typeof tfjs;
let tensorsAtStart = 0;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
  registerNativeBackend();
  tensorsAtStart = tf.memory().numTensors;
});

after(async () => {
  await tf.setBackend("wasm");
  assert.equal(tf.memory().numTensors, tensorsAtStart, "every test disposed what it built");
});

/** Validation accuracy of the seed model `type` after `epochs` on `data`, trained on `backend`. */
async function seedAccuracy(backend: string, type: "cnn" | "rnn", data: NumericDataset, epochs: number): Promise<number> {
  await tf.setBackend(backend);
  const model = buildModel(tf, modelSpecSchema.parse({ type }), data, 1);
  try {
    const training = trainingSpecSchema.parse({ epochs, batchSize: 32, optimizer: "adam", learningRate: 0.001, seed: 1 });
    const result = await trainModel({ tf, model, training, data, validationSplit: 0.25 });
    return result.finalMetrics?.val_accuracy ?? Number.NaN;
  } finally {
    model.dispose();
  }
}

describe("training the seed models on the native backend", () => {
  test("the seed CNN reaches the accuracy it reaches on wasm", async () => {
    const data = makeImageDataset({ count: 320, height: 28, width: 28, numClasses: 10, seed: 7 }) as NumericDataset;
    const wasm = await seedAccuracy("wasm", "cnn", data, 3);
    const native = await seedAccuracy(nativeBackendName, "cnn", data, 3);
    assert.ok(wasm >= 0.9, `wasm reached ${wasm}`);
    assert.ok(native >= wasm - 0.03, `native ${native}, wasm ${wasm}`);
  });

  test("the seed RNN reaches the accuracy it reaches on wasm", async () => {
    const data = makeKeywordSequences({ count: 480, length: 12, vocab: 50, keyword: 7, seed: 8 });
    const wasm = await seedAccuracy("wasm", "rnn", data, 16);
    const native = await seedAccuracy(nativeBackendName, "rnn", data, 16);
    assert.ok(wasm >= 0.9, `wasm reached ${wasm}`);
    assert.ok(native >= wasm - 0.03, `native ${native}, wasm ${wasm}`);
  });

  test("the seed GAN's samples show the square as they do on wasm", async () => {
    const images = squareImages(128, 1);
    const spec = modelSpecSchema.parse({ type: "gan" }) as GanModelSpec;
    const contrastOn = async (backend: string): Promise<number> => {
      await tf.setBackend(backend);
      const { generator, discriminator } = buildGan(tf, spec, images, 1);
      try {
        const training = trainingSpecSchema.parse({ epochs: 10, batchSize: 16, optimizer: "adam", learningRate: 0.001, seed: 1 });
        await trainGan({ tf, generator, discriminator, spec, training, data: images });
        const samples = tf.tidy(() => generator.predict(tf.randomNormal([64, spec.latentDim], 0, 1, "float32", 5)) as tfjs.Tensor);
        try {
          return squareContrast(await samples.data(), 64);
        } finally {
          samples.dispose();
        }
      } finally {
        generator.dispose();
        discriminator.dispose();
      }
    };
    const wasm = await contrastOn("wasm");
    const native = await contrastOn(nativeBackendName);
    assert.ok(wasm > 0.4, `wasm contrast ${wasm}`);
    assert.ok(native >= wasm * 0.8, `native contrast ${native}, wasm ${wasm}`);
  });
});
