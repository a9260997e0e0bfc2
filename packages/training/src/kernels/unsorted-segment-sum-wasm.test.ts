import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type * as tfjs from "@tensorflow/tfjs";
import { loadBackend } from "../backend/load-backend.js";
import { assertClose } from "../test-support/assert-close.js";
import { randomFloats } from "../test-support/random-data.js";

let tf: typeof tfjs;

before(async () => {
  ({ tf } = await loadBackend({ preference: "wasm" }));
});

async function segmentSumOn(
  backend: string,
  x: { values: Float32Array | Int32Array; shape: number[] },
  ids: { values: Int32Array; shape: number[] },
  numSegments: number,
): Promise<{ shape: number[]; values: ArrayLike<number> }> {
  await tf.setBackend(backend);
  const xt = tf.tensor(x.values, x.shape, x.values instanceof Int32Array ? "int32" : "float32");
  const idt = tf.tensor(ids.values, ids.shape, "int32");
  try {
    const out = tf.engine().runKernel("UnsortedSegmentSum", { x: xt, segmentIds: idt }, { numSegments }) as tfjs.Tensor;
    const result = { shape: out.shape, values: await out.data() };
    out.dispose();
    return result;
  } finally {
    tf.dispose([xt, idt]);
  }
}

describe("UnsortedSegmentSum on wasm", () => {
  const cases = [
    { xShape: [1, 1], idShape: [1], numSegments: 1 },
    { xShape: [7, 5], idShape: [7], numSegments: 4 },
    { xShape: [9, 3, 2], idShape: [9], numSegments: 6 },
    { xShape: [13], idShape: [13], numSegments: 3 },
  ];
  for (const [i, c] of cases.entries()) {
    test(`matches the cpu backend for x [${c.xShape}], segment ids [${c.idShape}], ${c.numSegments} segments`, async () => {
      const size = c.xShape.reduce((a, b) => a * b, 1);
      const idCount = c.idShape.reduce((a, b) => a * b, 1);
      const x = { values: randomFloats(size, 10 + i), shape: c.xShape };
      // Ids from -1 to numSegments + 1: the out-of-range ones must be dropped.
      const ids = { values: Int32Array.from({ length: idCount }, (_, j) => ((j * 7 + i) % (c.numSegments + 3)) - 1), shape: c.idShape };
      const expected = await segmentSumOn("cpu", x, ids, c.numSegments);
      const actual = await segmentSumOn("wasm", x, ids, c.numSegments);
      assert.deepEqual(actual.shape, expected.shape);
      assertClose(actual.values, expected.values, JSON.stringify(c));
    });
  }

  test("takes segment ids of rank 2, summing the trailing dimensions", async () => {
    // The cpu backend mis-broadcasts ids of rank > 1, so the reference here is a plain loop.
    const x = { values: randomFloats(4 * 3 * 5, 20), shape: [4, 3, 5] };
    const ids = { values: Int32Array.from([0, 4, 2, 2, -1, 1, 4, 0, 5, 3, 3, 1]), shape: [4, 3] };
    const expected = new Float32Array(5 * 5);
    ids.values.forEach((id, i) => {
      if (id < 0 || id >= 5) return;
      for (let j = 0; j < 5; j++) expected[id * 5 + j] = (expected[id * 5 + j] ?? 0) + (x.values[i * 5 + j] ?? 0);
    });
    const actual = await segmentSumOn("wasm", x, ids, 5);
    assert.deepEqual(actual.shape, [5, 5]);
    assertClose(actual.values, expected, "rank-2 ids");
  });

  test("drops segment ids outside [0, numSegments)", async () => {
    const x = { values: Float32Array.from([1, 2, 3, 4, 5]), shape: [5] };
    const ids = { values: Int32Array.from([0, -1, 2, 3, 0]), shape: [5] };
    const actual = await segmentSumOn("wasm", x, ids, 3);
    assert.deepEqual(Array.from(actual.values), [6, 0, 3]);
  });

  test("sums int32 values", async () => {
    const x = { values: Int32Array.from([1, 2, 3, 4, 5, 6]), shape: [3, 2] };
    const ids = { values: Int32Array.from([1, 0, 1]), shape: [3] };
    const actual = await segmentSumOn("wasm", x, ids, 2);
    assert.deepEqual(Array.from(actual.values), [3, 4, 6, 8]);
  });

  test("computes a 10000 x 64 embedding gradient, as tf.grad of gather uses it", async () => {
    await tf.setBackend("wasm");
    const vocabulary = 10000;
    const tokens = 4096;
    const table = tf.tensor2d(randomFloats(vocabulary * 64, 1), [vocabulary, 64]);
    const indexValues = Int32Array.from({ length: tokens }, (_, i) => (i * 37) % vocabulary);
    const indices = tf.tensor1d(indexValues, "int32");
    const grad = tf.grad((t: tfjs.Tensor) => tf.sum(tf.gather(t, indices)));
    const g = grad(table);
    const values = await g.data();
    tf.dispose([table, indices, g]);
    const counts = new Float32Array(vocabulary);
    for (const index of indexValues) counts[index] = (counts[index] ?? 0) + 1;
    for (let row = 0; row < vocabulary; row += 997) {
      assert.equal(values[row * 64], counts[row], `row ${row}`);
    }
    assert.equal(Array.from(values).reduce((a, b) => a + b, 0), tokens * 64);
  });
});
