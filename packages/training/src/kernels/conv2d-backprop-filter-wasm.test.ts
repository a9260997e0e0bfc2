import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { loadBackend } from "../backend/load-backend.js";
import { UnsupportedKernelInputError } from "../errors/unsupported-kernel-input-error.js";
import { assertClose } from "../test-support/assert-close.js";
import { randomFloats } from "../test-support/random-data.js";
import { conv2dBackpropFilterWasmSettings } from "./conv2d-backprop-filter-wasm.js";

type Pad = "valid" | "same" | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const cases: Case[] = [
  { x: [1, 5, 5, 1], filter: [3, 3, 1, 1], strides: 1, pad: "valid" },
  { x: [2, 7, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: "valid" },
  { x: [2, 7, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: "same" },
  { x: [1, 6, 5, 2], filter: [3, 3, 2, 5], strides: 2, pad: "same" },
  { x: [3, 9, 8, 1], filter: [3, 2, 1, 2], strides: 2, pad: "valid" },
  { x: [2, 11, 7, 4], filter: [5, 3, 4, 3], strides: [2, 1], pad: "same" },
  { x: [2, 9, 7, 2], filter: [3, 3, 2, 3], strides: [2, 1], pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { x: [4, 28, 28, 1], filter: [3, 3, 1, 32], strides: 1, pad: "valid" },
  // A Conv1D as tfjs runs it: height 1.
  { x: [3, 1, 20, 1], filter: [1, 3, 1, 32], strides: 1, pad: "valid" },
];

let tf: typeof tfjs;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

function outShape(c: Case): [number, number, number, number] {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
  return [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
}

async function runOn(backend: string, c: Case, x: Float32Array, dy: Float32Array, extra: Record<string, unknown> = {}) {
  await tf.setBackend(backend);
  const xt = tf.tensor(x, c.x);
  const dyt = tf.tensor(dy, outShape(c));
  try {
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: "NHWC", filterShape: c.filter, ...extra };
    const out = tf.engine().runKernel("Conv2DBackpropFilter", { x: xt, dy: dyt }, attrs as never) as tfjs.Tensor;
    const values = await out.data();
    out.dispose();
    return values;
  } finally {
    tf.dispose([xt, dyt]);
  }
}

describe("Conv2DBackpropFilter on wasm", () => {
  for (const [i, c] of cases.entries()) {
    test(`matches the cpu backend for x [${c.x}], filter [${c.filter}], strides ${JSON.stringify(c.strides)}, pad ${JSON.stringify(c.pad)}`, async () => {
      const x = randomFloats(c.x.reduce((a, b) => a * b), 100 + i);
      const dy = randomFloats(outShape(c).reduce((a, b) => a * b), 200 + i);
      const expected = await runOn("cpu", c, x, dy);
      const actual = await runOn("wasm", c, x, dy);
      assertClose(actual, expected, JSON.stringify(c));
    });
  }

  test("gives the same result when the im2col matrix is split over the batch", async () => {
    const c: Case = { x: [5, 9, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: "same" };
    const x = randomFloats(c.x.reduce((a, b) => a * b), 7);
    const dy = randomFloats(outShape(c).reduce((a, b) => a * b), 8);
    const expected = await runOn("cpu", c, x, dy);
    const saved = conv2dBackpropFilterWasmSettings.maxColumnElements;
    // One sample's columns are 27 x 72 = 1,944 elements: force chunks of 2 samples (3 chunks).
    conv2dBackpropFilterWasmSettings.maxColumnElements = 2 * 1944;
    try {
      assertClose(await runOn("wasm", c, x, dy), expected, "chunked");
    } finally {
      conv2dBackpropFilterWasmSettings.maxColumnElements = saved;
    }
  });

  test("frees every intermediate buffer on the wasm heap", async () => {
    const c = cases[3];
    assert.ok(c !== undefined);
    await tf.setBackend("wasm");
    const backend = tf.backend() as BackendWasm;
    const x = randomFloats(c.x.reduce((a, b) => a * b), 1);
    const dy = randomFloats(outShape(c).reduce((a, b) => a * b), 2);
    await runOn("wasm", c, x, dy);
    const before = backend.numDataIds();
    await runOn("wasm", c, x, dy);
    assert.equal(backend.numDataIds(), before);
  });

  test("rejects dilations other than 1 and NCHW data with a clear error", async () => {
    const c = cases[1];
    assert.ok(c !== undefined);
    const x = randomFloats(c.x.reduce((a, b) => a * b), 3);
    const dy = randomFloats(outShape(c).reduce((a, b) => a * b), 4);
    await assert.rejects(runOn("wasm", c, x, dy, { dilations: [2, 2] }), (error: unknown) => {
      assert.ok(error instanceof UnsupportedKernelInputError);
      assert.match(error.message, /dilations 1 only, got \[2,2\]/);
      return true;
    });
    await assert.rejects(runOn("wasm", c, x, dy, { dataFormat: "NCHW" }), /dataFormat NHWC only, got NCHW/);
  });

  test("is what tf.grad of a wasm conv2d uses, with the cpu backend's answer", async () => {
    const c: Case = { x: [2, 8, 8, 2], filter: [3, 3, 2, 3], strides: 1, pad: "valid" };
    const xv = randomFloats(c.x.reduce((a, b) => a * b), 11);
    const fv = randomFloats(c.filter.reduce((a, b) => a * b), 12);
    const gradOn = async (backend: string) => {
      await tf.setBackend(backend);
      const x = tf.tensor4d(xv, c.x);
      const grad = tf.grad((f: tfjs.Tensor) => tf.sum(tf.square(tf.conv2d(x, f as tfjs.Tensor4D, 1, "valid"))));
      const f = tf.tensor4d(fv, c.filter);
      const g = grad(f);
      const values = await g.data();
      tf.dispose([x, f, g]);
      return values;
    };
    assertClose(await gradOn("wasm"), await gradOn("cpu"), "tf.grad");
  });
});
