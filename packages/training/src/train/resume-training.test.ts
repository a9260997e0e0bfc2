import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import type { NumericDataset } from "@trainyard/domain";
import { loadBackend } from "../backend/load-backend.js";
import { makeImageDataset } from "../test-support/random-data.js";
import { streamFromMemory } from "./stream-from-memory.js";
import type { StreamedDataset } from "./streamed-dataset.js";
import { trainingSpec, weightsOf } from "./test-support/training-fixtures.js";
import type { TrainingCheckpoint } from "./training-checkpoint.js";
import { trainModel, type EpochMetrics } from "./train-model.js";

let tf: typeof tfjs;
before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

const images = makeImageDataset({ count: 160, height: 6, width: 6, numClasses: 3, seed: 8 }) as NumericDataset;
const streamed = streamFromMemory(images, { blockBytes: 216, shuffleBufferSamples: 24 });

/** Flatten -> Dense(12, relu) -> Dropout(0.3) -> Dense(3, softmax), seeded: dropout makes the mask stream matter. */
function buildModel(): tfjs.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [6, 6] }));
  model.add(tf.layers.dense({ units: 12, activation: "relu", kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  model.add(tf.layers.dropout({ rate: 0.3 }));
  model.add(tf.layers.dense({ units: 3, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }));
  return model;
}

const options = {
  epochs: 5,
  optimizer: "adam",
  learningRate: 0.02,
  seed: 11,
  learningRateSchedule: { type: "reduceOnPlateau", monitor: "val_loss", factor: 0.5, patience: 1 },
  modelSelection: { monitor: "val_accuracy" },
};

async function run(
  data: NumericDataset | StreamedDataset,
  extra: { resume?: TrainingCheckpoint; weights?: tfjs.Tensor[]; stopAfter?: number; stopAtBatch?: { epoch: number; batch: number } } = {},
) {
  const model = buildModel();
  if (extra.weights !== undefined) model.setWeights(extra.weights);
  const epochs: [number, EpochMetrics][] = [];
  const checkpoints: { checkpoint: TrainingCheckpoint; weights: tfjs.Tensor[] }[] = [];
  let stop = false;
  const result = await trainModel({
    tf,
    model,
    training: trainingSpec(options),
    data,
    validationSplit: 0.25,
    onEpochEnd: async (epoch, metrics) => {
      epochs.push([epoch, metrics]);
      if (epoch === extra.stopAfter) stop = true;
    },
    onCheckpoint: async (checkpoint) => {
      checkpoints.push({ checkpoint, weights: model.getWeights().map((w) => w.clone()) });
    },
    onBatchEnd: ({ epoch, batch }) => {
      if (extra.stopAtBatch !== undefined && epoch === extra.stopAtBatch.epoch && batch === extra.stopAtBatch.batch) stop = true;
    },
    shouldStop: () => stop,
    checkpointOnStop: () => extra.stopAtBatch !== undefined,
    ...(extra.resume === undefined ? {} : { resume: extra.resume }),
  });
  const weights = await weightsOf(model);
  model.dispose();
  return { result, epochs, checkpoints, weights };
}

describe("a checkpoint in the middle of an epoch (a stopping worker)", () => {
  test("in memory: resumes at the next batch of the same epoch and ends with the weights of an uninterrupted run", async () => {
    const tensorsBefore = tf.memory().numTensors;
    const whole = await run(images);
    const stopped = await run(images, { stopAtBatch: { epoch: 3, batch: 4 } });
    const saved = stopped.checkpoints.at(-1);
    assert.ok(saved !== undefined);
    assert.deepEqual([saved.checkpoint.epoch, saved.checkpoint.inEpoch?.batches], [2, 4]);
    const resumed = await run(images, { resume: saved.checkpoint, weights: saved.weights });
    for (const c of [...whole.checkpoints, ...stopped.checkpoints, ...resumed.checkpoints]) tf.dispose(c.weights);
    assert.deepEqual(resumed.epochs, whole.epochs.slice(2), "epoch 3 (finished after the resume) and the rest match");
    assert.deepEqual(resumed.weights, whole.weights);
    assert.equal(tf.memory().numTensors, tensorsBefore);
  });

  test("streamed: no checkpoint in the middle of an epoch (the last epoch-end one stays the newest)", async () => {
    const stopped = await run(streamed, { stopAtBatch: { epoch: 3, batch: 2 } });
    for (const c of stopped.checkpoints) tf.dispose(c.weights);
    assert.deepEqual(stopped.checkpoints.map((c) => [c.checkpoint.epoch, c.checkpoint.inEpoch]), [[1, null], [2, null]]);
  });
});

for (const [name, data] of [["in memory", images], ["streamed", streamed]] as const) {
  describe(`resuming from a checkpoint (${name})`, () => {
    test("continues after the checkpoint's epoch and ends with exactly the weights of an uninterrupted run", async () => {
      const tensorsBefore = tf.memory().numTensors;
      const whole = await run(data);
      assert.equal(whole.checkpoints.length, 4, "a checkpoint after each epoch but the last");
      for (const c of whole.checkpoints) tf.dispose(c.weights);

      // The first run stops (as a crash would) during epoch 3, after the checkpoint of epoch 2.
      const interrupted = await run(data, { stopAfter: 3 });
      const saved = interrupted.checkpoints.find((c) => c.checkpoint.epoch === 2);
      assert.ok(saved !== undefined);
      const resumed = await run(data, { resume: saved.checkpoint, weights: saved.weights });
      for (const c of [...interrupted.checkpoints, ...resumed.checkpoints]) tf.dispose(c.weights);

      assert.deepEqual(resumed.epochs.map(([epoch]) => epoch), [3, 4, 5]);
      assert.deepEqual(resumed.epochs, whole.epochs.slice(2), "epochs 3-5 have the same metrics (learning rate included)");
      assert.deepEqual(resumed.result.bestEpoch, whole.result.bestEpoch);
      assert.deepEqual(resumed.weights, whole.weights);
      assert.equal(tf.memory().numTensors, tensorsBefore);
    });
  });
}

describe("training checkpoints", () => {
  test("come every checkpointEveryEpochs epochs, never after the last, and carry the state to continue", async () => {
    const model = buildModel();
    const seen: TrainingCheckpoint[] = [];
    await trainModel({
      tf,
      model,
      training: trainingSpec({ ...options, epochs: 7 }),
      data: images,
      validationSplit: 0.25,
      checkpointEveryEpochs: 3,
      onCheckpoint: async (checkpoint) => {
        seen.push(checkpoint);
      },
    });
    model.dispose();
    assert.deepEqual(seen.map((c) => c.epoch), [3, 6]);
    const last = seen[1];
    assert.ok(last !== undefined);
    assert.equal(last.history.length, 6);
    assert.equal(last.order?.length, 120);
    assert.ok(last.optimizer.specs.length > 1, "iterations and Adam's moments");
    assert.ok(last.best !== null && last.best.epoch >= 1 && last.best.epoch <= 6);
  });

  test("refuses to resume a checkpoint at or past the last epoch", async () => {
    const model = buildModel();
    const checkpoint: TrainingCheckpoint = { epoch: 5, inEpoch: null, history: [], randomState: 0, maskRandomState: 0, order: null, optimizer: { specs: [], data: new ArrayBuffer(0) }, optimizerPowers: null, best: null };
    await assert.rejects(trainModel({ tf, model, training: trainingSpec(options), data: images, validationSplit: 0.25, resume: checkpoint }), /nothing to train/);
    model.dispose();
  });
});
