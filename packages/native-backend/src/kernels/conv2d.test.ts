import { describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { assertMatchesCpu, randomTensor } from "../test-support/compare-backends.js";

interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: "valid" | "same" | number;
  dilations?: number | [number, number];
}

const cases: ConvCase[] = [
  { x: [1, 5, 5, 1], filter: [3, 3, 1, 1], strides: 1, pad: "valid" },
  { x: [1, 28, 28, 1], filter: [3, 3, 1, 32], strides: 1, pad: "valid" },
  { x: [3, 7, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: "same" },
  { x: [2, 7, 9, 3], filter: [2, 5, 3, 5], strides: 2, pad: "same" },
  { x: [2, 8, 7, 2], filter: [3, 2, 2, 3], strides: [2, 1], pad: "valid" },
  { x: [2, 9, 9, 4], filter: [3, 3, 4, 6], strides: 3, pad: "valid" },
  { x: [1, 6, 6, 3], filter: [1, 1, 3, 8], strides: 1, pad: "valid" },
  { x: [2, 6, 5, 2], filter: [3, 3, 2, 3], strides: 1, pad: 1 },
  { x: [2, 10, 10, 2], filter: [3, 3, 2, 3], strides: 1, pad: "same", dilations: 2 },
  { x: [1, 11, 9, 3], filter: [2, 3, 3, 2], strides: 1, pad: "valid", dilations: [2, 3] },
  { x: [4, 13, 13, 32], filter: [3, 3, 32, 64], strides: 2, pad: "same" },
];

function describeCase(c: ConvCase): string {
  return `x [${c.x}], filter [${c.filter}], strides ${JSON.stringify(c.strides)}, pad ${c.pad}, dilations ${JSON.stringify(c.dilations ?? 1)}`;
}

describe("Conv2D, FusedConv2D and their gradients on the native backend", () => {
  for (const c of cases) {
    const dilated = c.dilations !== undefined && c.dilations !== 1;
    test(`match the cpu backend for ${describeCase(c)}`, async () => {
      await assertMatchesCpu(() => {
        const x = randomTensor(c.x, 11) as tf.Tensor4D;
        const filter = randomTensor(c.filter, 12) as tf.Tensor4D;
        const bias = randomTensor([c.filter[3]], 13);
        const conv = (p: tf.Tensor4D, q: tf.Tensor4D) => tf.conv2d(p, q, c.strides, c.pad, "NHWC", c.dilations ?? 1);
        const fused = (p: tf.Tensor4D, q: tf.Tensor4D, r: tf.Tensor) =>
          tf.fused.conv2d({ x: p, filter: q, strides: c.strides, pad: c.pad, dilations: c.dilations ?? 1, bias: r, activation: "relu" });
        const outputs: tf.Tensor[] = [conv(x, filter), fused(x, filter, bias)];
        // tfjs has no convolution gradient for dilations above 1.
        if (!dilated) {
          outputs.push(...tf.grads((p: tf.Tensor, q: tf.Tensor) => conv(p as tf.Tensor4D, q as tf.Tensor4D).square().sum())([x, filter]));
          outputs.push(...tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => fused(p as tf.Tensor4D, q as tf.Tensor4D, r).sum())([x, filter, bias]));
        }
        return outputs;
      }, { relative: 1e-4, natively: dilated ? ["Conv2D", "FusedConv2D"] : ["Conv2D", "FusedConv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"] });
    });
  }

  test("a linear FusedConv2D without a bias matches the cpu backend", async () => {
    await assertMatchesCpu(() => tf.fused.conv2d({ x: randomTensor([2, 6, 6, 3], 14) as tf.Tensor4D, filter: randomTensor([3, 3, 3, 2], 15) as tf.Tensor4D, strides: 1, pad: "same" }), { natively: ["FusedConv2D"] });
  });
});
