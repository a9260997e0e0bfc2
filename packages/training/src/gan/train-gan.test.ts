import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { ganModelSpecSchema, trainingSpecSchema, type GanModelSpec, type TrainingSpec } from "@trainyard/contracts";
import { loadBackend } from "../backend/load-backend.js";
import { buildGan, type GanModels } from "./build-gan.js";
import { decodePng } from "./test-support/decode-png.js";
import { square, squareContrast, squareImages } from "./test-support/square-images.js";
import { trainGan, type GanEpochMetrics, type TrainGanOptions } from "./train-gan.js";

let tf: typeof tfjs;
let tensorsAtStart = 0;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
  tensorsAtStart = tf.memory().numTensors;
});

after(() => {
  assert.equal(tf.memory().numTensors, tensorsAtStart, "every test disposed what it built");
});

/** 64 images, 4 batches of 16 per epoch. */
const images = squareImages(64, 1);

function ganSpec(options: Record<string, unknown> = {}): GanModelSpec {
  return ganModelSpecSchema.parse({ type: "gan", latentDim: 8, generator: [32], discriminator: [32], ...options });
}

function trainingSpec(options: Record<string, unknown> = {}): TrainingSpec {
  return trainingSpecSchema.parse({ epochs: 1, batchSize: 16, learningRate: 0.005, seed: 1, ...options });
}

/** Builds the networks for `data`, trains them, and disposes them after `inspect`. */
async function withTrainedGan<T>(
  options: Partial<Omit<TrainGanOptions, "tf" | "generator" | "discriminator">> & { seed?: number },
  inspect: (models: GanModels, result: Awaited<ReturnType<typeof trainGan>>) => Promise<T> | T = () => undefined as T,
): Promise<T> {
  const spec = options.spec ?? ganSpec();
  const data = options.data ?? images;
  const models = buildGan(tf, spec, data, options.seed ?? 1);
  try {
    const result = await trainGan({ ...options, tf, ...models, spec, data, training: options.training ?? trainingSpec() });
    return await inspect(models, result);
  } finally {
    models.generator.dispose();
    models.discriminator.dispose();
  }
}

/** The generator's square contrast over 64 samples of fixed noise. */
async function generatedContrast(generator: tfjs.LayersModel, latentDim = 8): Promise<number> {
  const samples = tf.tidy(() => generator.predict(tf.randomNormal([64, latentDim], 0, 1, "float32", 5)) as tfjs.Tensor);
  try {
    return squareContrast(await samples.data(), 64);
  } finally {
    samples.dispose();
  }
}

describe("trainGan", () => {
  test("moves the generator's samples toward the data: the square appears where the real images have it", async () => {
    const real = squareContrast(Array.from(images.features, (v) => v / 127.5 - 1), images.count);
    const epochs: [number, GanEpochMetrics][] = [];
    const spec = ganSpec();
    const models = buildGan(tf, spec, images, 1);
    try {
      const start = await generatedContrast(models.generator);
      const result = await trainGan({
        tf,
        ...models,
        spec,
        training: trainingSpec({ epochs: 6 }),
        data: images,
        onEpochEnd: async (epoch, metrics) => {
          epochs.push([epoch, metrics]);
        },
      });
      const end = await generatedContrast(models.generator);
      assert.ok(Math.abs(start) < 0.2, `untrained contrast ${start}`);
      assert.ok(end > 0.5, `contrast after training ${end}`);
      assert.ok(real - end < 0.7 * (real - start), `contrast moved from ${start} to ${end} toward the data's ${real}`);
      assert.deepEqual(epochs.map(([e]) => e), [1, 2, 3, 4, 5, 6]);
      assert.deepEqual(result, { stopped: false, epochsCompleted: 6, finalMetrics: epochs[5]?.[1] });
      for (const [, metrics] of epochs) {
        assert.deepEqual(Object.keys(metrics).sort(), ["d_fake", "d_loss", "d_real", "g_loss"]);
        assert.ok(Object.values(metrics).every(Number.isFinite), JSON.stringify(metrics));
        assert.ok(metrics.d_real > 0 && metrics.d_real < 1 && metrics.d_fake > 0 && metrics.d_fake < 1, JSON.stringify(metrics));
      }
      // The discriminator tells real from generated: it rates real images higher.
      assert.ok((epochs[5]?.[1].d_real ?? 0) > (epochs[5]?.[1].d_fake ?? 1), JSON.stringify(epochs[5]));
    } finally {
      models.generator.dispose();
      models.discriminator.dispose();
    }
  });

  test("sends a PNG grid of 16 samples every sampleEveryEpochs epochs and at the last, before onEpochEnd", async () => {
    const events: string[] = [];
    const grids: Uint8Array[] = [];
    await withTrainedGan({
      spec: ganSpec({ sampleEveryEpochs: 2 }),
      training: trainingSpec({ epochs: 5 }),
      onBatchEnd: (p) => events.push(`batch ${p.epoch}/${p.epochs} ${p.batch}/${p.batches}`),
      onSamples: async (epoch, png) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`samples ${epoch}`);
        grids.push(png);
      },
      onEpochEnd: async (epoch) => {
        events.push(`epoch ${epoch}`);
      },
    });
    const perEpoch = (epoch: number) => [1, 2, 3, 4].map((b) => `batch ${epoch}/5 ${b}/4`);
    assert.deepEqual(events, [
      ...perEpoch(1), "epoch 1",
      ...perEpoch(2), "samples 2", "epoch 2",
      ...perEpoch(3), "epoch 3",
      ...perEpoch(4), "samples 4", "epoch 4",
      ...perEpoch(5), "samples 5", "epoch 5",
    ]);
    for (const png of grids) {
      // 4 x 4 tiles of 8 x 8 with 1-pixel gaps.
      const decoded = decodePng(png);
      assert.deepEqual([decoded.width, decoded.height, decoded.channels], [35, 35, 1]);
    }
    assert.notDeepEqual(grids[0], grids[2], "the samples change as the generator trains");
    // The last grid shows the square: tile pixels inside it are brighter than those around it.
    const last = decodePng(grids[2] ?? new Uint8Array());
    let inside = 0;
    let outside = 0;
    for (let tile = 0; tile < 16; tile++) {
      for (let y = 0; y < square.size; y++) {
        for (let x = 0; x < square.size; x++) {
          const value = last.pixels[(Math.floor(tile / 4) * 9 + y) * 35 + (tile % 4) * 9 + x] ?? 0;
          const bright = y >= square.from && y < square.to && x >= square.from && x < square.to;
          if (bright) inside += value / 16;
          else outside += value / 48;
        }
      }
    }
    assert.ok(inside > outside + 20, `mean pixel inside ${inside / 16}, outside ${outside / 48}`);
  });

  test("draws every grid from one fixed noise batch: a generator that barely moves gives identical grids", async () => {
    const grids: Uint8Array[] = [];
    await withTrainedGan({
      training: trainingSpec({ epochs: 3, optimizer: "sgd", learningRate: 1e-9 }),
      onSamples: async (_, png) => void grids.push(png),
    });
    assert.equal(grids.length, 3);
    assert.deepEqual(grids[1], grids[0]);
    assert.deepEqual(grids[2], grids[0]);
  });

  test("draws RGB grids for 3-channel images", async () => {
    const grids: Uint8Array[] = [];
    await withTrainedGan({ data: squareImages(16, 2, 3), onSamples: async (_, png) => void grids.push(png) });
    const decoded = decodePng(grids[0] ?? new Uint8Array());
    assert.deepEqual([decoded.width, decoded.height, decoded.channels], [35, 35, 3]);
  });

  test("stops after the batch where shouldStop turns true, counting only finished epochs", async () => {
    let batches = 0;
    const result = await withTrainedGan(
      { training: trainingSpec({ epochs: 5 }), onBatchEnd: () => batches++, shouldStop: () => batches >= 6 },
      (_, r) => r,
    );
    // 4 batches per epoch: the stop lands in the second epoch.
    assert.equal(batches, 6);
    assert.equal(result.stopped, true);
    assert.equal(result.epochsCompleted, 1);
    assert.ok(result.finalMetrics !== null && Number.isFinite(result.finalMetrics.d_loss));
    let samples = 0;
    const early = await withTrainedGan({ shouldStop: () => true, onSamples: async () => void samples++ }, (_, r) => r);
    assert.deepEqual(early, { stopped: true, epochsCompleted: 0, finalMetrics: null });
    assert.equal(samples, 0);
  });

  test("lets the event loop run between batches", async () => {
    let ticks = 0;
    let running = true;
    const tick = () => {
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: number[] = [];
    try {
      await withTrainedGan({ training: trainingSpec({ epochs: 2 }), onBatchEnd: () => seen.push(ticks) });
    } finally {
      running = false;
    }
    assert.equal(seen.length, 8);
    for (let i = 1; i < seen.length; i++) assert.ok((seen[i] ?? 0) > (seen[i - 1] ?? 0), `no tick between batches ${i} and ${i + 1}`);
  });
});
