import { describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { assertMatchesCpu, randomTensor } from "../test-support/compare-backends.js";

const cases: { x: [number, number, number, number]; size: number | [number, number]; strides: number | [number, number]; pad: "valid" | "same" }[] = [
  { x: [1, 4, 4, 1], size: 2, strides: 2, pad: "valid" },
  { x: [2, 26, 26, 32], size: 2, strides: 2, pad: "valid" },
  { x: [3, 7, 9, 3], size: 3, strides: 2, pad: "same" },
  { x: [2, 7, 7, 2], size: 3, strides: 1, pad: "valid" },
  { x: [1, 9, 8, 5], size: [2, 3], strides: [3, 1], pad: "same" },
  { x: [2, 5, 5, 1], size: 1, strides: 1, pad: "valid" },
  { x: [1, 3, 3, 1200], size: 2, strides: 1, pad: "same" },
];

describe("MaxPool and MaxPoolGrad on the native backend", () => {
  for (const c of cases) {
    test(`match the cpu backend for x [${c.x}], pool ${JSON.stringify(c.size)}, strides ${JSON.stringify(c.strides)}, ${c.pad}, with ties`, async () => {
      await assertMatchesCpu(() => {
        // After relu many windows tie at 0, and rounding makes more ties: the gradient must go to the same input.
        const x = tf.relu(randomTensor(c.x, 21).mul(4).round()) as tf.Tensor4D;
        const pool = (p: tf.Tensor) => tf.maxPool(p as tf.Tensor4D, c.size, c.strides, c.pad);
        const dy = randomTensor(pool(x).shape, 22);
        return [pool(x), tf.grad((p: tf.Tensor) => pool(p).mul(dy).sum())(x)];
      }, { natively: ["MaxPool", "MaxPoolGrad"] });
    });
  }
  test("ignore NaN inside a window and give -Infinity for an all-NaN one, as the cpu backend does", async () => {
    await assertMatchesCpu(() => tf.maxPool(tf.tensor4d([Number.NaN, 1, Number.NaN, Number.NaN, Number.NaN, Number.NaN, 2, Number.NaN], [1, 2, 4, 1]), 2, 2, "valid"), { natively: ["MaxPool"] });
  });
});
