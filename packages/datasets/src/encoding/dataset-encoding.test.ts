import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DatasetFormatError, type NumericDataset, type TextDataset } from "@trainyard/domain";
import { makeIdxDataset } from "../../../../tests/fixtures/idx.js";
import { makeTokenDataset } from "../../../../tests/fixtures/jsonl.js";
import { parseIdxDataset } from "../idx/parse-idx-dataset.js";
import { parseJsonlDataset } from "../jsonl/parse-jsonl-dataset.js";
import { assertFormatError } from "../testing/assert-format-error.js";
import { swapByteOrder } from "./byte-order.js";
import { decodeDataset, type DatasetMeta } from "./decode-dataset.js";
import { encodeDataset } from "./encode-dataset.js";

const floatDataset: NumericDataset = {
  count: 3,
  featureShape: [2],
  dtype: "float32",
  numClasses: 3,
  features: new Float32Array([1.5, -2, 0.25, 1e-3, 7, -0]),
  labels: new Int32Array([0, 2, 1]),
};

const textDataset: TextDataset = {
  count: 4,
  featureShape: [],
  dtype: "text",
  numClasses: 2,
  texts: ["plain", "two\nlines and \"quotes\"", "", "ünïcödé 😀 \u2028 end"],
  labels: new Int32Array([1, 0, 0, 1]),
};

describe("encodeDataset and decodeDataset", () => {
  test("encode float32 features and int32 labels as little-endian bytes", () => {
    const { x, y } = encodeDataset(floatDataset);
    assert.equal(x.byteLength, 24);
    assert.equal(y.byteLength, 12);
    const view = new DataView(x.buffer, x.byteOffset, x.byteLength);
    assert.equal(view.getFloat32(0, true), 1.5);
    assert.equal(view.getFloat32(4, true), -2);
    assert.equal(new DataView(y.buffer, y.byteOffset).getInt32(4, true), 2);
  });

  test("round-trip a float32 dataset", () => {
    const { x, y } = encodeDataset(floatDataset);
    assert.deepEqual(decodeDataset(floatDataset, Buffer.from(x), Buffer.from(y)), floatDataset);
  });

  test("round-trip a uint8 IDX dataset", () => {
    const parsed = parseIdxDataset(makeIdxDataset({ count: 30, numClasses: 5, seed: 3 }));
    const { x, y } = encodeDataset(parsed);
    const decoded = decodeDataset(parsed, x, y);
    assert.deepEqual([...decoded.features], [...parsed.features]);
    assert.deepEqual(decoded.labels, parsed.labels);
    assert.deepEqual(decoded.featureShape, [8, 8]);
    assert.equal(decoded.dtype, "uint8");
  });

  test("decode without copying when the bytes are 4-byte aligned", () => {
    const { x, y } = encodeDataset(floatDataset);
    const storedX = new Uint8Array(x);
    const storedY = new Uint8Array(y);
    const decoded = decodeDataset(floatDataset, storedX, storedY);
    assert.equal(decoded.features.buffer, storedX.buffer);
    assert.equal(decoded.labels.buffer, storedY.buffer);
  });

  test("decode unaligned bytes by copying them", () => {
    const { x, y } = encodeDataset(floatDataset);
    const padded = new Uint8Array(x.byteLength + 1);
    padded.set(x, 1);
    const decoded = decodeDataset(floatDataset, padded.subarray(1), y);
    assert.notEqual(decoded.features.buffer, padded.buffer);
    assert.deepEqual(decoded.features, floatDataset.features);
  });

  test("reject features bytes of the wrong size, giving both sizes", () => {
    const { x, y } = encodeDataset(floatDataset);
    assertFormatError(
      () => decodeDataset(floatDataset, x.subarray(0, 20), y),
      /x\.bin is 20 bytes, expected 24 \(3 x 2 float32\)/,
      { file: "x.bin", byteOffset: 20 },
    );
  });

  test("reject labels bytes of the wrong size", () => {
    const { x } = encodeDataset(floatDataset);
    assertFormatError(
      () => decodeDataset(floatDataset, x, new Uint8Array(16)),
      /y\.bin is 16 bytes, expected 12 \(3 int32 labels\)/,
      { file: "y.bin", byteOffset: 12 },
    );
  });

  test("reject a stored label outside 0..numClasses-1", () => {
    const { x, y } = encodeDataset(floatDataset);
    assertFormatError(
      () => decodeDataset({ ...floatDataset, numClasses: 2 }, x, y),
      /label 2 of sample 1 is outside 0\.\.1/,
      { file: "y.bin", byteOffset: 4 },
    );
  });

  test("refuse to encode arrays that do not match the shape", () => {
    assert.throws(
      () => encodeDataset({ ...floatDataset, count: 4 }),
      (error: unknown) => error instanceof DatasetFormatError && /must be 8 float32 values/.test(error.message),
    );
    assert.throws(() => encodeDataset({ ...floatDataset, dtype: "uint8" }), /must be 6 uint8 values/);
    assert.throws(() => encodeDataset({ ...floatDataset, labels: new Int32Array(2) }), /labels must be 3 values/);
  });

  test("swap byte order per element for big-endian hosts", () => {
    assert.deepEqual([...swapByteOrder(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 4)], [4, 3, 2, 1, 8, 7, 6, 5]);
  });
});

describe("encodeDataset and decodeDataset for token ids and text", () => {
  test("round-trip int32 token ids as little-endian bytes", () => {
    const parsed = parseJsonlDataset(Buffer.from(makeTokenDataset({ count: 12, seed: 4 })));
    assert.equal(parsed.dtype, "int32");
    const { x, y } = encodeDataset(parsed);
    assert.equal(x.byteLength, 12 * (parsed.featureShape[0] ?? 0) * 4);
    const decoded = decodeDataset({ ...parsed, dtype: "int32" }, new Uint8Array(x), new Uint8Array(y));
    assert.ok(decoded.features instanceof Int32Array);
    assert.deepEqual(decoded, parsed);
  });

  test("refuse int32 features held in another array type", () => {
    const tokens: NumericDataset = { ...floatDataset, dtype: "int32" };
    assert.throws(() => encodeDataset(tokens), /must be 6 int32 values .* found 6 in a Float32Array/);
  });

  test("store texts as one JSON string per UTF-8 line, newlines inside a text escaped", () => {
    const { x, y } = encodeDataset(textDataset);
    const lines = Buffer.from(x).toString("utf8").split("\n");
    assert.equal(lines.length, 5, "four lines, each ending with a newline");
    assert.equal(lines[4], "");
    assert.deepEqual(lines.slice(0, 4).map((line) => JSON.parse(line) as unknown), textDataset.texts);
    assert.deepEqual([...new Int32Array(new Uint8Array(y).buffer)], [1, 0, 0, 1]);
  });

  test("round-trip a text dataset, including texts with newlines, quotes and emoji", () => {
    const { x, y } = encodeDataset(textDataset);
    const decoded = decodeDataset(textDataset, Buffer.from(x), Buffer.from(y));
    assert.deepEqual(decoded, textDataset);
    assert.equal(decoded.dtype, "text");
  });

  test("decode by the stored meta, whatever its dtype", () => {
    const { x, y } = encodeDataset(textDataset);
    const meta: DatasetMeta = { count: 4, featureShape: [], dtype: "text", numClasses: 2 };
    const decoded = decodeDataset(meta, x, y);
    assert.ok(decoded.dtype === "text" && decoded.texts[1] === textDataset.texts[1]);
  });

  test("reject text blobs whose line count, ending or lines do not match", () => {
    const { x, y } = encodeDataset(textDataset);
    assertFormatError(() => decodeDataset({ ...textDataset, count: 3 }, x, y.subarray(0, 12)), /x\.bin holds 4 text lines, expected 3/, {
      file: "x.bin",
    });
    assertFormatError(() => decodeDataset(textDataset, x.subarray(0, x.byteLength - 1), y), /does not end with a newline/, {
      file: "x.bin",
      byteOffset: x.byteLength - 1,
    });
    assertFormatError(() => decodeDataset(textDataset, Buffer.from('"a"\n"b"\n7\n"d"\n'), y), /x\.bin line 3 is not a JSON string/, {
      file: "x.bin",
      row: 3,
    });
    assertFormatError(() => decodeDataset(textDataset, x, y.subarray(0, 8)), /y\.bin is 8 bytes, expected 16/, { file: "y.bin", byteOffset: 8 });
  });

  test("refuse to encode texts or labels that do not match the count", () => {
    assert.throws(() => encodeDataset({ ...textDataset, count: 5 }), /texts must be 5 strings, found 4/);
    assert.throws(() => encodeDataset({ ...textDataset, labels: new Int32Array(3) }), /labels must be 4 values, found 3/);
  });
});
