import { describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { assertMatchesCpu, randomTensor } from "../test-support/compare-backends.js";

describe("data movement and reductions on the native backend", () => {
  test("Slice matches the cpu backend, contiguous or strided, rank 1 to 5", async () => {
    const cases: [number[], number[], number[]][] = [
      [[10], [3], [5]],
      [[6, 7], [2, 0], [3, 7]],
      [[6, 7], [1, 2], [4, 3]],
      [[128, 256], [0, 64], [128, 64]],
      [[3, 4, 5, 6], [1, 0, 2, 1], [2, 4, 2, 5]],
      [[2, 3, 4, 5, 6], [1, 1, 1, 1, 1], [1, 2, 3, 4, 5]],
    ];
    for (const [shape, begin, size] of cases) {
      await assertMatchesCpu(() => {
        const x = randomTensor(shape, 41);
        return [tf.slice(x, begin, size), tf.grad((p: tf.Tensor) => tf.slice(p, begin, size).square().sum())(x)];
      }, { natively: ["Slice"] });
    }
  });
  test("SplitV matches the cpu backend along each axis, with unequal pieces", async () => {
    const piecesByAxis: [number, number[]][] = [[0, [1, 2, 3]], [1, [3, 1, 4]], [2, [5, 2, 3]], [-1, [1, 9]]];
    for (const [axis, pieces] of piecesByAxis) {
      await assertMatchesCpu(() => tf.split(randomTensor([6, 8, 10], 42), pieces, axis), { natively: ["SplitV"] });
    }
    await assertMatchesCpu(() => tf.split(randomTensor([128, 256], 43), 4, 1), { natively: ["SplitV"] });
  });
  test("Transpose matches the cpu backend for every permutation up to rank 4, and rank 6", async () => {
    const permutations = (n: number): number[][] => (n === 1 ? [[0]] : permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)])));
    for (const rank of [2, 3, 4]) {
      const shape = [3, 5, 2, 7].slice(0, rank);
      for (const perm of permutations(rank)) await assertMatchesCpu(() => tf.transpose(randomTensor(shape, 44), perm), { natively: ["Transpose"] });
    }
    await assertMatchesCpu(() => tf.transpose(randomTensor([2, 3, 1, 4, 2, 3], 45), [5, 3, 1, 0, 4, 2]), { natively: ["Transpose"] });
  });
  test("Sum matches the cpu backend over leading, trailing, middle and all axes, with keepDims", async () => {
    const x = () => randomTensor([4, 6, 5, 3], 46);
    for (const axis of [0, 3, [0, 1, 2], [1, 2], [0, 1, 2, 3], -1]) {
      for (const keepDims of [false, true]) await assertMatchesCpu(() => tf.sum(x(), axis, keepDims), { natively: ["Sum"] });
    }
    await assertMatchesCpu(() => tf.sum(randomTensor([128, 26, 26, 32], 47), [0, 1, 2]), { relative: 1e-4, natively: ["Sum"] });
    await assertMatchesCpu(() => tf.sum(x(), [0, 2]), { natively: [] });
  });
  test("GatherV2 and UnsortedSegmentSum (an Embedding and its gradient) match the cpu backend", async () => {
    await assertMatchesCpu(() => {
      const table = randomTensor([50, 8], 48);
      const ids = tf.tensor2d([[3, 0, 49, 3], [7, 7, 7, 1]], undefined, "int32");
      return [tf.gather(table, ids), tf.grad((t: tf.Tensor) => tf.gather(t, ids).mul(randomTensor([2, 4, 8], 49)).sum())(table)];
    }, { natively: ["GatherV2", "UnsortedSegmentSum"] });
    await assertMatchesCpu(() => tf.gather(randomTensor([3, 5, 4], 50), tf.tensor1d([4, 0, 2], "int32"), 1), { natively: ["GatherV2"] });
    await assertMatchesCpu(() => tf.unsortedSegmentSum(randomTensor([6, 3], 51), tf.tensor1d([0, 2, -1, 2, 5, 0], "int32"), 4), { natively: ["UnsortedSegmentSum"] });
  });
});
