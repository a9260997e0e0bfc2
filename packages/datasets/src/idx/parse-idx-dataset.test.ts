import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { PayloadTooLargeError } from "@trainyard/domain";
import {
  brokenGzip,
  idxHeader,
  makeIdxDataset,
  truncated,
  withDimension,
  withMagic,
  withTrailingBytes,
} from "../../../../tests/fixtures/idx.js";
import { assertFormatError } from "../testing/assert-format-error.js";
import { parseIdxDataset } from "./parse-idx-dataset.js";

const good = makeIdxDataset({ count: 20, height: 6, width: 5, numClasses: 3, seed: 9 });
const imagesBytes = 16 + 20 * 6 * 5;

describe("parseIdxDataset", () => {
  test("parses raw IDX files into uint8 features of shape [H, W]", () => {
    const dataset = parseIdxDataset(good);
    assert.equal(dataset.count, 20);
    assert.deepEqual(dataset.featureShape, [6, 5]);
    assert.equal(dataset.dtype, "uint8");
    assert.equal(dataset.numClasses, 3);
    assert.ok(dataset.features instanceof Uint8Array);
    assert.deepEqual([...dataset.features], [...good.images.subarray(16)]);
    assert.deepEqual([...dataset.labels], good.labelsArray);
  });

  test("parses gzipped files to the same dataset as raw ones", () => {
    const gzipped = makeIdxDataset({ count: 20, height: 6, width: 5, numClasses: 3, seed: 9, gzip: true });
    assert.equal(gzipped.images[0], 0x1f);
    assert.deepEqual(parseIdxDataset(gzipped), parseIdxDataset(good));
  });

  test("accepts one file gzipped and the other raw", () => {
    const dataset = parseIdxDataset({ images: gzipSync(good.images), labels: good.labels });
    assert.equal(dataset.count, 20);
  });

  test("reads 4-dimensional images (magic 0x00000804) as featureShape [H, W, C]", () => {
    const pixels = Buffer.alloc(2 * 3 * 4 * 3, 7);
    const images = Buffer.concat([idxHeader(0x804, [2, 3, 4, 3]), pixels]);
    const labels = Buffer.concat([idxHeader(0x801, [2]), Buffer.from([0, 1])]);
    const dataset = parseIdxDataset({ images, labels });
    assert.deepEqual(dataset.featureShape, [3, 4, 3]);
    assert.equal(dataset.features.length, 72);
  });

  test("rejects a wrong images magic number, giving expected and found in hex", () => {
    assertFormatError(
      () => parseIdxDataset({ ...good, images: withMagic(good.images, 0x00000999) }),
      /^wrong magic number: expected 0x00000803 or 0x00000804, found 0x00000999 \(file images, byte offset 0\)$/,
      { file: "images", byteOffset: 0 },
    );
  });

  test("rejects a wrong labels magic number, also in a gzipped file", () => {
    const labels = withMagic(gzipSync(good.labels), 0x12345678);
    assertFormatError(
      () => parseIdxDataset({ ...good, labels }),
      /wrong magic number: expected 0x00000801, found 0x12345678/,
      { file: "labels", byteOffset: 0 },
    );
  });

  test("hints that images and labels were swapped", () => {
    assertFormatError(
      () => parseIdxDataset({ images: good.labels, labels: good.images }),
      /found 0x00000801; were the images and labels files swapped\?/,
      { file: "images", byteOffset: 0 },
    );
  });

  test("hints at a little-endian header", () => {
    assertFormatError(
      () => parseIdxDataset({ ...good, images: withMagic(good.images, 0x03080000) }),
      /found 0x03080000; the header looks little-endian/,
      { file: "images", byteOffset: 0 },
    );
  });

  test("rejects an element type other than unsigned bytes, naming it", () => {
    assertFormatError(
      () => parseIdxDataset({ ...good, images: withMagic(good.images, 0x00000d03) }),
      /unsupported element type 0x0d \(float32\): only unsigned bytes \(0x08\) are supported/,
      { file: "images", byteOffset: 2 },
    );
  });

  test("rejects a file too short for a magic number", () => {
    assertFormatError(
      () => parseIdxDataset({ ...good, labels: Buffer.from([0, 0]) }),
      /truncated header: expected at least 4 bytes for the magic number, found 2/,
      { file: "labels", byteOffset: 2 },
    );
  });

  test("rejects a header cut inside its dimensions", () => {
    assertFormatError(
      () => parseIdxDataset({ ...good, images: good.images.subarray(0, 10) }),
      /truncated header: expected 16 bytes for 3 dimensions, found 10/,
      { file: "images", byteOffset: 10 },
    );
  });

  test("rejects truncated pixel data, giving expected and actual byte counts", () => {
    assertFormatError(
      () => parseIdxDataset({ ...good, images: truncated(good.images, 7) }),
      /^truncated data: expected 600 bytes of pixel data \(20 x 6 x 5\), found 593 \(file images, byte offset 609\)$/,
      { file: "images", byteOffset: imagesBytes - 7 },
    );
  });

  test("rejects truncated label data", () => {
    assertFormatError(
      () => parseIdxDataset({ ...good, labels: truncated(good.labels, 1) }),
      /truncated data: expected 20 bytes of label data \(20\), found 19/,
      { file: "labels", byteOffset: 8 + 19 },
    );
  });

  test("rejects trailing bytes after the data, at the offset where they start", () => {
    assertFormatError(
      () => parseIdxDataset({ ...good, images: withTrailingBytes(good.images, 3) }),
      /3 trailing bytes after the pixel data \(expected 600 bytes for 20 x 6 x 5, found 603\)/,
      { file: "images", byteOffset: imagesBytes },
    );
  });

  test("rejects a zero dimension, naming it", () => {
    assertFormatError(
      () => parseIdxDataset({ ...good, images: withDimension(good.images, 2, 0) }),
      /dimension 2 \(columns\) is 0/,
      { file: "images", byteOffset: 12 },
    );
    assertFormatError(
      () => parseIdxDataset({ ...good, labels: withDimension(good.labels, 0, 0) }),
      /dimension 0 \(count\) is 0/,
      { file: "labels", byteOffset: 4 },
    );
  });

  test("rejects images and labels of different counts, giving both counts", () => {
    const other = makeIdxDataset({ count: 12, height: 6, width: 5, seed: 9 });
    assertFormatError(
      () => parseIdxDataset({ images: good.images, labels: other.labels }),
      /images and labels have different counts: 20 images, 12 labels/,
      { file: "labels", byteOffset: 4 },
    );
  });

  test("rejects labels that are all 0 (fewer than 2 classes)", () => {
    const labels = Buffer.concat([idxHeader(0x801, [20]), Buffer.alloc(20)]);
    assertFormatError(
      () => parseIdxDataset({ images: good.images, labels }),
      /labels must span at least 2 classes, but every label is 0/,
      { file: "labels", byteOffset: 8 },
    );
  });

  test("rejects a broken gzip stream with a clear error", () => {
    assertFormatError(
      () => parseIdxDataset({ ...good, images: brokenGzip(good.images) }),
      /file is gzip-compressed but cannot be decompressed: .+/,
      { file: "images", byteOffset: 0 },
    );
  });

  test("refuses a gzip file that decompresses beyond the limit", () => {
    const big = gzipSync(Buffer.alloc(1024 * 1024));
    assert.throws(
      () => parseIdxDataset({ images: big, labels: good.labels }, { maxDecompressedBytes: 1000 }),
      (error: unknown) => error instanceof PayloadTooLargeError && /limit of 1000 bytes/.test(error.message),
    );
  });
});
