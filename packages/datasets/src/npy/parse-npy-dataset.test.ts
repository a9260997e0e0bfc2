import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { PayloadTooLargeError } from "@trainyard/domain";
import { makeNpy, makeNpyDataset, type NpyTypedArray } from "../../../../tests/fixtures/npy.js";
import { parseNpyDataset } from "./parse-npy-dataset.js";

const good = makeNpyDataset({ count: 30, features: 5, numClasses: 3, seed: 7 });

describe("parseNpyDataset", () => {
  test("parses float32 x of shape (N, F) and int64 y into a float32 dataset", () => {
    const dataset = parseNpyDataset(good);
    assert.equal(dataset.count, 30);
    assert.deepEqual(dataset.featureShape, [5]);
    assert.equal(dataset.dtype, "float32");
    assert.equal(dataset.numClasses, 3);
    assert.ok(dataset.features instanceof Float32Array);
    assert.deepEqual([...dataset.features], [...good.features]);
    assert.deepEqual([...dataset.labels], good.labelsArray);
    assert.equal(dataset.labelNames, undefined);
  });

  test("parses uint8 x of shape (N, H, W) as a view of its data, with featureShape [H, W]", () => {
    const pixels = Uint8Array.from({ length: 4 * 3 * 2 }, (_, i) => i * 10);
    const x = makeNpy(pixels, [4, 3, 2], "|u1");
    const dataset = parseNpyDataset({ x, y: makeNpy(Uint8Array.from([0, 1, 2, 1]), [4], "|u1") });
    assert.equal(dataset.dtype, "uint8");
    assert.deepEqual(dataset.featureShape, [3, 2]);
    assert.deepEqual([...dataset.features], [...pixels]);
    assert.equal(dataset.features.buffer, x.buffer);
    assert.equal(dataset.numClasses, 3);
  });

  test("converts float64 x to float32", () => {
    const values = Float64Array.from([0.1, -2.5, 1e10, 3]);
    const dataset = parseNpyDataset({ x: makeNpy(values, [2, 2], "<f8"), y: makeNpy(Int32Array.from([1, 0]), [2], "<i4") });
    assert.equal(dataset.dtype, "float32");
    assert.deepEqual([...dataset.features], [...values].map(Math.fround));
  });

  test("reads labels of every integer dtype, of shape (N,) or (N, 1)", () => {
    const x = makeNpy(new Float32Array(4), [4, 1], "<f4");
    const values = [2, 0, 1, 2];
    const cases: [NpyTypedArray, string][] = [
      [Uint8Array.from(values), "|u1"],
      [Int8Array.from(values), "|i1"],
      [Int16Array.from(values), "<i2"],
      [Uint16Array.from(values), "<u2"],
      [Int32Array.from(values), "<i4"],
      [Uint32Array.from(values), "<u4"],
      [BigInt64Array.from(values, BigInt), "<i8"],
      [BigUint64Array.from(values, BigInt), "<u8"],
    ];
    for (const [array, descr] of cases) {
      assert.deepEqual([...parseNpyDataset({ x, y: makeNpy(array, [4], descr) }).labels], values, descr);
      assert.deepEqual([...parseNpyDataset({ x, y: makeNpy(array, [4, 1], descr) }).labels], values, `${descr} (N, 1)`);
    }
  });

  test("reads format versions 2.0 and 3.0 like 1.0", () => {
    const values = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const y = makeNpy(Uint8Array.from([0, 1]), [2], "|u1");
    const expected = parseNpyDataset({ x: makeNpy(values, [2, 3], "<f4", 1), y });
    for (const version of [2, 3] as const) {
      const x = makeNpy(values, [2, 3], "<f4", version);
      assert.equal(x[6], version);
      assert.deepEqual(parseNpyDataset({ x, y: makeNpy(Uint8Array.from([0, 1]), [2], "|u1", version) }), expected);
    }
  });

  test("decompresses gzipped files, either or both", () => {
    const expected = parseNpyDataset(good);
    assert.deepEqual(parseNpyDataset({ x: gzipSync(good.x), y: gzipSync(good.y) }), expected);
    assert.deepEqual(parseNpyDataset({ x: good.x, y: gzipSync(good.y) }), expected);
  });

  test("refuses a gzipped file that inflates beyond maxDecompressedBytes", () => {
    assert.throws(() => parseNpyDataset({ x: gzipSync(good.x), y: good.y }, { maxDecompressedBytes: 100 }), PayloadTooLargeError);
  });
});
