import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { InvalidInputError } from "@trainyard/domain";
import { loadBackend } from "../backend/load-backend.js";
import { resolveLoss, type LossName } from "./resolve-loss.js";
import { scoreTensors } from "./score-tensors.js";

let tf: typeof tfjs;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

async function score(loss: LossName, outputs: number[][], labels: number[]): Promise<[number, number]> {
  const { lossSum, correct } = tf.tidy(() => scoreTensors(tf, loss, tf.tensor2d(outputs), tf.tensor1d(labels, "int32")));
  try {
    return [(await lossSum.data())[0] ?? NaN, (await correct.data())[0] ?? NaN];
  } finally {
    tf.dispose([lossSum, correct]);
  }
}

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-5, `${actual} vs ${expected}`);

describe("scoreTensors", () => {
  test("one unit: binary cross-entropy and squared error on the 0/1 label, correct when (p > 0.5) == label", async () => {
    const p = [0.9, 0.2, 0.6, 0.5];
    const labels = [1, 0, 0, 1];
    const bce = p.reduce((sum, v, i) => sum - (labels[i] === 1 ? Math.log(v) : Math.log(1 - v)), 0);
    const mse = p.reduce((sum, v, i) => sum + (v - (labels[i] ?? 0)) ** 2, 0);
    const [bceSum, bceCorrect] = await score("binaryCrossentropy", p.map((v) => [v]), labels);
    close(bceSum, bce);
    assert.equal(bceCorrect, 2);
    const [mseSum, mseCorrect] = await score("meanSquaredError", p.map((v) => [v]), labels);
    close(mseSum, mse);
    assert.equal(mseCorrect, 2);
  });

  test("several units: one-hot targets, losses averaged over units, arg-max accuracy", async () => {
    const probs = [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]];
    const labels = [0, 1];
    const [sparse, hits] = await score("sparseCategoricalCrossentropy", probs, labels);
    close(sparse, -Math.log(0.7) - Math.log(0.3));
    assert.equal(hits, 1);
    const oneHot = labels.map((l) => [0, 1, 2].map((k) => (k === l ? 1 : 0)));
    const mean = (f: (p: number, t: number) => number) =>
      probs.reduce((sum, row, i) => sum + row.reduce((s, p, k) => s + f(p, oneHot[i]?.[k] ?? 0), 0) / 3, 0);
    close((await score("meanSquaredError", probs, labels))[0], mean((p, t) => (p - t) ** 2));
    close((await score("binaryCrossentropy", probs, labels))[0], mean((p, t) => -(t * Math.log(p) + (1 - t) * Math.log(1 - p))));
  });

  test("clips probabilities so a confident mistake gives a finite loss", async () => {
    const [loss] = await score("binaryCrossentropy", [[1], [0]], [0, 1]);
    assert.ok(Number.isFinite(loss) && loss > 30, String(loss));
  });
});

test("resolveLoss follows the output width unless a loss is given, and refuses sparse cross-entropy on one unit", () => {
  assert.equal(resolveLoss(undefined, 1), "binaryCrossentropy");
  assert.equal(resolveLoss(undefined, 10), "sparseCategoricalCrossentropy");
  assert.equal(resolveLoss("meanSquaredError", 1), "meanSquaredError");
  assert.throws(() => resolveLoss("sparseCategoricalCrossentropy", 1), (error: unknown) => error instanceof InvalidInputError && error.details[0]?.path === "training.loss");
});
