import { describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { assertMatchesCpu, randomTensor } from "../test-support/compare-backends.js";

// [a shape, b shape, transposeA, transposeB]
const cases: [number[], number[], boolean, boolean][] = [
  [[1, 1], [1, 1], false, false],
  [[3, 5], [5, 7], false, false],
  [[5, 3], [5, 7], true, false],
  [[3, 5], [7, 5], false, true],
  [[5, 3], [7, 5], true, true],
  [[17, 33], [33, 9], false, false],
  [[128, 5408], [5408, 64], false, false],
  [[128, 5408], [128, 64], true, false],
  [[1, 4, 6], [1, 6, 2], false, false],
  [[4, 3, 6], [4, 6, 2], false, false],
  [[4, 6, 3], [4, 2, 6], true, true],
  [[4, 3, 6], [1, 6, 2], false, false],
  [[1, 3, 6], [4, 6, 2], false, false],
  [[2, 3, 4, 5], [2, 3, 5, 6], false, false],
  [[2, 1, 4, 5], [3, 5, 6], false, false],
];

describe("BatchMatMul and _FusedMatMul on the native backend", () => {
  for (const [aShape, bShape, ta, tb] of cases) {
    // tfjs has no gradient for a broadcast batch; sums over 5,408 terms differ in float32 rounding.
    const broadcast = aShape.slice(0, -2).join() !== bShape.slice(0, -2).join();
    const relative = Math.max(...aShape) > 1000 ? 1e-3 : 1e-4;
    // Batches where neither side is one batch nor all of them ([2, 1] against [3]) run on the cpu kernel.
    const size = (dims: number[]) => dims.reduce((p, d) => p * d, 1);
    const batch = size(tf.broadcast_util.assertAndGetBroadcastShape(aShape.slice(0, -2), bShape.slice(0, -2)));
    const native = [aShape, bShape].every((shape) => [1, batch].includes(size(shape.slice(0, -2))));
    test(`matches the cpu backend for [${aShape}]${ta ? "^T" : ""} x [${bShape}]${tb ? "^T" : ""}${broadcast ? "" : ", and its gradients"}`, async () => {
      await assertMatchesCpu(() => {
        const a = randomTensor(aShape, 1);
        const b = randomTensor(bShape, 2);
        const y = tf.matMul(a, b, ta, tb);
        if (broadcast) return y;
        const grads = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p, q, ta, tb).square().sum())([a, b]);
        return [y, ...grads];
      }, { relative, natively: native ? ["BatchMatMul"] : [] });
    });
  }
  for (const activation of ["linear", "relu", "elu"] as const) {
    test(`fused with a bias and ${activation} matches the cpu backend, and its gradients`, async () => {
      await assertMatchesCpu(() => {
        const a = randomTensor([9, 13], 3);
        const b = randomTensor([13, 7], 4);
        const bias = randomTensor([7], 5);
        const f = (p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.fused.matMul({ a: p as tf.Tensor2D, b: q as tf.Tensor2D, bias: r, activation });
        return [f(a, b, bias), ...tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => f(p, q, r).square().sum())([a, b, bias])];
      }, { relative: 1e-4, natively: activation === "elu" ? ["BatchMatMul"] : ["_FusedMatMul", "BatchMatMul"] });
    });
  }
  test("fused without a bias, transposed, matches the cpu backend", async () => {
    await assertMatchesCpu(() => tf.fused.matMul({ a: randomTensor([6, 4], 6) as tf.Tensor2D, b: randomTensor([5, 6], 7) as tf.Tensor2D, transposeA: true, transposeB: true, activation: "relu" }), { natively: ["_FusedMatMul"] });
  });
});
