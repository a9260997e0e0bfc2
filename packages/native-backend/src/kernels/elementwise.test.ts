import { describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { assertMatchesCpu, randomTensor } from "../test-support/compare-backends.js";

/** Values with zeros, negatives, NaN and infinities among random ones. */
function awkward(shape: number[], seed: number): tf.Tensor {
  const special = tf.tensor([0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-30, -50, 50]);
  return tf.concat([special, randomTensor([tf.util.sizeFromShape(shape) - 10], seed, -9, 9)]).reshape(shape);
}

const unary: [string, (x: tf.Tensor) => tf.Tensor, number?][] = [
  ["Relu", (x) => tf.relu(x)],
  ["Relu6", (x) => tf.relu6(x)],
  ["Step", (x) => tf.step(x, 0.3)],
  ["Sqrt", (x) => tf.sqrt(x)],
  ["Rsqrt", (x) => tf.rsqrt(x)],
  ["Square", (x) => tf.square(x)],
  ["Neg", (x) => tf.neg(x)],
  ["Tanh", (x) => tf.tanh(x), 2e-6],
  ["Sigmoid", (x) => tf.sigmoid(x), 2e-6],
  ["Exp", (x) => tf.exp(x)],
  ["Log", (x) => tf.log(x)],
  ["Abs", (x) => tf.abs(x)],
  ["ClipByValue", (x) => tf.clipByValue(x, -0.5, 2)],
  ["LeakyRelu", (x) => tf.leakyRelu(x, 0.1)],
  ["Reciprocal", (x) => tf.reciprocal(x)],
];

const binary: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
  ["Add", tf.add],
  ["Sub", tf.sub],
  ["Multiply", tf.mul],
  ["RealDiv", tf.div],
  ["Maximum", tf.maximum],
  ["Minimum", tf.minimum],
  ["SquaredDifference", tf.squaredDifference],
];

const compare: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
  ["Greater", tf.greater],
  ["GreaterEqual", tf.greaterEqual],
  ["Less", tf.less],
  ["LessEqual", tf.lessEqual],
  ["Equal", tf.equal],
  ["NotEqual", tf.notEqual],
];

// [a, b, runs natively]: same shapes, scalars, a bias, a column, blocks of axes, and one the native
// kernel leaves to the cpu backend (b's kept axes 0 and 2 are not one block).
const shapes: [number[], number[], boolean][] = [
  [[7], [7], true],
  [[64, 1000], [64, 1000], true],
  [[5, 3], [], true],
  [[], [4, 2], true],
  [[2, 26, 26, 32], [32], true],
  [[6, 5], [6, 1], true],
  [[3, 5, 4], [1, 5, 1], true],
  [[3, 1, 4], [1, 5, 1], false],
  [[2, 3, 4], [3, 1], true],
  [[2, 3, 4], [2, 1, 4], false],
];

describe("elementwise kernels on the native backend", () => {
  for (const [name, f, relative] of unary) {
    test(`${name} matches the cpu backend, with NaN, infinities and zeros`, async () => {
      await assertMatchesCpu(() => f(awkward([40, 1000], 31)), { relative: relative ?? 1e-6, natively: [name] });
    });
  }
  for (const [name, f] of binary) {
    test(`${name} matches the cpu backend for every broadcast`, async () => {
      for (const [aShape, bShape, native] of shapes) {
        await assertMatchesCpu(() => f(randomTensor(aShape, 32, -3, 3), randomTensor(bShape, 33, 0.5, 3)), { natively: native ? [name] : [] });
      }
    });
  }
  for (const [name, f] of compare) {
    test(`${name} matches the cpu backend for every broadcast`, async () => {
      for (const [aShape, bShape, native] of shapes) {
        await assertMatchesCpu(() => f(randomTensor(aShape, 34, -2, 2).round(), randomTensor(bShape, 35, -2, 2).round()), { natively: native ? [name] : [] });
      }
    });
  }
  test("Select and LogicalAnd match the cpu backend", async () => {
    await assertMatchesCpu(() => {
      const x = randomTensor([50, 40], 36);
      const y = randomTensor([50, 40], 37);
      const both = tf.logicalAnd(tf.greater(x, -0.5), tf.less(x, 0.5));
      return tf.where(both, x, y);
    }, { natively: ["Select", "LogicalAnd"] });
  });
  test("the LSTM's hard-sigmoid gradient (clip, comparisons, select) matches the cpu backend", async () => {
    await assertMatchesCpu(() => {
      const x = randomTensor([128, 256], 39, -4, 4);
      return tf.grad((p: tf.Tensor) => tf.clipByValue(p.mul(0.2).add(0.5), 0, 1).square().sum())(x);
    }, { natively: ["ClipByValue", "GreaterEqual", "LessEqual", "LogicalAnd", "Select"] });
  });
});
