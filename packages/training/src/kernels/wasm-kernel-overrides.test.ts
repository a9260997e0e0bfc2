import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { loadBackend } from "../backend/load-backend.js";
import { assertClose } from "../test-support/assert-close.js";
import { randomFloats } from "../test-support/random-data.js";
import { registerWasmKernels } from "./register-wasm-kernels.js";

let tf: typeof tfjs;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

/** Runs `f` (in a tidy) on `backend` and returns its output's values. */
async function valuesOn(backend: string, f: () => tfjs.Tensor): Promise<Float32Array | Int32Array | Uint8Array> {
  await tf.setBackend(backend);
  const out = tf.tidy(f);
  const values = await out.data();
  out.dispose();
  return values as Float32Array;
}

describe("MaxPoolGrad on wasm", () => {
  const cases = [
    { x: [2, 26, 26, 32], size: 2, strides: 2, pad: "valid" as const },
    { x: [1, 7, 9, 3], size: 2, strides: 2, pad: "same" as const },
    { x: [3, 8, 5, 2], size: 3, strides: 1, pad: "same" as const },
    { x: [2, 9, 9, 1], size: 3, strides: 2, pad: "valid" as const },
    { x: [2, 1, 11, 4], size: [1, 2] as [number, number], strides: [1, 2] as [number, number], pad: "valid" as const },
  ];
  for (const [i, c] of cases.entries()) {
    test(`matches the cpu backend for x [${c.x}], pool ${JSON.stringify(c.size)}, strides ${JSON.stringify(c.strides)}, ${c.pad}`, async () => {
      const xv = randomFloats(c.x.reduce((a, b) => a * b), 30 + i);
      // After relu many windows tie at 0: both backends must send the gradient to the same one.
      const gradOf = () => {
        const x = tf.relu(tf.tensor4d(xv, c.x as [number, number, number, number]));
        const grad = tf.grad((t: tfjs.Tensor) => {
          const pooled = tf.maxPool(t as tfjs.Tensor4D, c.size, c.strides, c.pad);
          // Distinct weights per output, so a gradient routed to the wrong position shows.
          return tf.sum(tf.mul(pooled, tf.tensor(randomFloats(pooled.size, 40 + i), pooled.shape)));
        });
        return grad(x);
      };
      assertClose(await valuesOn("wasm", gradOf), await valuesOn("cpu", gradOf), JSON.stringify(c));
    });
  }
});

describe("BatchMatMul on wasm", () => {
  const cases = [
    { a: [5, 7], b: [7, 3], ta: false, tb: false },
    { a: [7, 5], b: [7, 3], ta: true, tb: false },
    { a: [5, 7], b: [3, 7], ta: false, tb: true },
    { a: [7, 5], b: [3, 7], ta: true, tb: true },
    { a: [2, 7, 5], b: [2, 3, 7], ta: true, tb: true },
    { a: [1, 64], b: [10, 64], ta: false, tb: true },
    { a: [128, 300], b: [128, 64], ta: true, tb: false },
  ];
  for (const [i, c] of cases.entries()) {
    test(`matches the cpu backend for [${c.a}]${c.ta ? "^T" : ""} x [${c.b}]${c.tb ? "^T" : ""}`, async () => {
      const av = randomFloats(c.a.reduce((x, y) => x * y), 50 + i);
      const bv = randomFloats(c.b.reduce((x, y) => x * y), 60 + i);
      const product = () => tf.matMul(tf.tensor(av, c.a), tf.tensor(bv, c.b), c.ta, c.tb);
      assertClose(await valuesOn("wasm", product), await valuesOn("cpu", product), JSON.stringify(c));
    });
  }

  test("frees its temporary transposes and copies", async () => {
    await tf.setBackend("wasm");
    const backend = tf.backend() as BackendWasm;
    const a = tf.tensor2d(randomFloats(6, 1), [3, 2]);
    const b = tf.tensor2d(randomFloats(6, 2), [3, 2]);
    const before = backend.numDataIds();
    tf.matMul(a, b, true, false).dispose();
    tf.matMul(a, b, false, true).dispose();
    assert.equal(backend.numDataIds(), before);
    tf.dispose([a, b]);
  });

  test("reuses a right-hand tensor in products of different shapes without stale results", async () => {
    const wv = randomFloats(24, 3);
    const product = () => {
      const w = tf.tensor2d(wv, [4, 6]);
      const first = tf.matMul(tf.ones([2, 4]), w, false, false);
      // Same data id, new shape: the XNNPACK operator cached for w must not be reused.
      const second = tf.matMul(tf.ones([3, 6]), tf.reshape(w, [6, 4]), false, false);
      const third = tf.matMul(tf.ones([3, 5]), tf.reshape(w, [3, 8]), true, false);
      return tf.concat([first.flatten(), second.flatten(), third.flatten()]);
    };
    assertClose(await valuesOn("wasm", product), await valuesOn("cpu", product), "reused weights");
  });
});

test("registering the wasm kernels twice changes nothing the second time", () => {
  assert.deepEqual(registerWasmKernels(), []);
});

describe("Unpack on wasm", () => {
  const cases = [
    { shape: [100, 8, 4], axis: 0 },
    { shape: [3, 5, 2], axis: 1 },
    { shape: [3, 5, 2], axis: -1 },
    { shape: [1, 3], axis: 1 },
    { shape: [7], axis: 0 },
  ];
  for (const [i, c] of cases.entries()) {
    test(`matches the cpu backend for [${c.shape}] along axis ${c.axis}, float32 and int32, and its gradient`, async () => {
      const size = c.shape.reduce((a, b) => a * b, 1);
      const xv = randomFloats(size, 60 + i);
      const pieces = () => {
        const x = tf.tensor(xv, c.shape);
        // Each piece weighted differently, so a gradient sent to the wrong piece shows.
        const grad = tf.grad((t: tfjs.Tensor) => tf.addN(tf.unstack(t, c.axis).map((p, k) => tf.mul(p, k + 1).sum())));
        const ints = tf.unstack(tf.cast(tf.mul(x, 100), "int32"), c.axis).map((p) => tf.cast(p, "float32").flatten());
        return tf.concat([...tf.unstack(x, c.axis).map((p) => p.flatten()), ...ints, grad(x).flatten()]);
      };
      assertClose(await valuesOn("wasm", pieces), await valuesOn("cpu", pieces), JSON.stringify(c));
    });
  }
});
