import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { InvalidInputError, PayloadTooLargeError, type NumericDataset } from "@trainyard/domain";
import {
  encodeJpeg,
  encodePng,
  makeImageEntries,
  makeImageZip,
  solidImage,
  zipEntries,
} from "../../../../tests/fixtures/images-zip.js";
import { assertFormatError } from "../testing/assert-format-error.js";
import { parseImageZipDataset } from "./parse-image-zip-dataset.js";

const gray8 = { height: 8, width: 8, channels: 1 } as const;
const rgb8 = { height: 8, width: 8, channels: 3 } as const;

/** Mean of a sample's values inside the grid cell of class k (2x2 grid of 4x4 cells at size 8). */
function cellMean(dataset: NumericDataset, sample: number, k: number): number {
  const [height = 0, width = 0] = dataset.featureShape;
  const channels = dataset.featureShape[2] ?? 1;
  const base = sample * height * width * channels;
  let sum = 0;
  let n = 0;
  for (let y = Math.floor(k / 2) * 4; y < Math.floor(k / 2) * 4 + 4; y++) {
    for (let x = (k % 2) * 4; x < (k % 2) * 4 + 4; x++) {
      for (let c = 0; c < channels; c++) {
        sum += dataset.features[base + (y * width + x) * channels + c] ?? 0;
        n++;
      }
    }
  }
  return sum / n;
}

function assertLearnable(dataset: NumericDataset): void {
  for (let i = 0; i < dataset.count; i++) {
    const label = dataset.labels[i] ?? -1;
    const other = (label + 1) % dataset.numClasses;
    assert.ok(cellMean(dataset, i, label) > 100, `sample ${i}: its class cell is bright`);
    assert.ok(cellMean(dataset, i, other) < 40, `sample ${i}: another class cell is dim`);
  }
}

function zipOf(entries: Record<string, Uint8Array>): Buffer {
  return zipEntries(entries);
}

const whitePng = encodePng(4, 4, solidImage(4, 4, [255, 255, 255, 255]));

describe("parseImageZipDataset", () => {
  test("parses PNG class folders into uint8 grayscale features of shape [H, W] with labelNames", () => {
    const zip = makeImageZip({ classes: ["a", "b", "c"], perClass: 4, size: 8 });
    const dataset = parseImageZipDataset(zip, gray8);
    assert.equal(dataset.count, 12);
    assert.deepEqual(dataset.featureShape, [8, 8]);
    assert.equal(dataset.dtype, "uint8");
    assert.ok(dataset.features instanceof Uint8Array);
    assert.equal(dataset.features.length, 12 * 64);
    assert.equal(dataset.numClasses, 3);
    assert.deepEqual(dataset.labelNames, ["a", "b", "c"]);
    assert.deepEqual([...dataset.labels], [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    assertLearnable(dataset);
  });

  test("parses JPEG images (.jpg) to values close to the originals", () => {
    const dataset = parseImageZipDataset(makeImageZip({ classes: ["a", "b"], perClass: 3, size: 8, format: "jpeg" }), rgb8);
    assert.equal(dataset.count, 6);
    assert.deepEqual(dataset.featureShape, [8, 8, 3]);
    assertLearnable(dataset);
  });

  test("parses a mix of .png, .jpg, .JPEG and .PNG files (extensions are case-insensitive)", () => {
    const zip = makeImageZip({ classes: ["x", "y"], perClass: 4, size: 8, format: "mixed" });
    const dataset = parseImageZipDataset(zip, gray8);
    assert.equal(dataset.count, 8);
    assert.deepEqual([...dataset.labels], [0, 0, 0, 0, 1, 1, 1, 1]);
    assertLearnable(dataset);
  });

  test("accepts class folders under one top-level folder, with directory entries, as the same dataset", () => {
    const flat = parseImageZipDataset(makeImageZip({ classes: ["a", "b"], perClass: 3, size: 8, seed: 4 }), gray8);
    const nested = parseImageZipDataset(
      makeImageZip({ classes: ["a", "b"], perClass: 3, size: 8, seed: 4, nested: true }),
      gray8,
    );
    assert.deepEqual(nested, flat);
  });

  test("numbers classes in code-point order and orders samples by class then path, whatever the zip order", () => {
    const entries = makeImageEntries({ classes: ["zebra", "Ant", "cat"], perClass: 2, size: 8 });
    const reversed = Object.fromEntries(Object.entries(entries).reverse());
    const dataset = parseImageZipDataset(zipOf(entries), gray8);
    assert.deepEqual(dataset.labelNames, ["Ant", "cat", "zebra"]);
    assert.deepEqual([...dataset.labels], [0, 0, 1, 1, 2, 2]);
    // "Ant" was drawn as class 1 by the fixture: its bright cell is cell 1.
    assert.ok(cellMean(dataset, 0, 1) > 100);
    assert.deepEqual(parseImageZipDataset(zipOf(reversed), gray8), dataset);
  });

  test("ignores directories, __MACOSX/ and dotfiles", () => {
    const entries = {
      ...makeImageEntries({ classes: ["a", "b"], perClass: 2, size: 8 }),
      "__MACOSX/": new Uint8Array(0),
      "__MACOSX/a/._0000.png": new Uint8Array([0, 5, 22]),
      "a/.DS_Store": new Uint8Array([1, 2, 3]),
      ".hidden/notes.txt": new Uint8Array([1]),
    };
    assert.equal(parseImageZipDataset(zipOf(entries), gray8).count, 4);
  });

  test("converts RGB to luma (0.299, 0.587, 0.114) for 1 channel and keeps colour for 3", () => {
    const red = encodePng(2, 2, solidImage(2, 2, [255, 0, 0, 255]));
    const blue = encodeJpeg(2, 2, solidImage(2, 2, [0, 0, 255, 255]), 100);
    const zip = zipOf({ "r/1.png": red, "b/1.jpeg": blue });
    const gray = parseImageZipDataset(zip, { height: 2, width: 2, channels: 1 });
    assert.deepEqual(gray.labelNames, ["b", "r"]);
    assert.ok(Math.abs((gray.features[0] ?? 0) - 29) <= 3, `blue luma ${gray.features[0]}`);
    assert.deepEqual([...gray.features.subarray(4)], [76, 76, 76, 76]);
    const rgb = parseImageZipDataset(zip, { height: 2, width: 2, channels: 3 });
    assert.deepEqual([...rgb.features.subarray(12, 15)], [255, 0, 0]);
    const [r = 0, g = 0, b = 0] = rgb.features.subarray(0, 3);
    assert.ok(r < 10 && g < 10 && b > 240, `blue pixel ${r},${g},${b}`);
  });

  test("expands grayscale PNGs to RGB and composites transparent pixels on black", () => {
    const grayPng = encodePng(2, 2, solidImage(2, 2, [200, 200, 200, 255]), 0);
    const clear = encodePng(2, 2, solidImage(2, 2, [255, 255, 255, 0]));
    const dataset = parseImageZipDataset(zipOf({ "g/1.png": grayPng, "t/1.png": clear }), {
      height: 2,
      width: 2,
      channels: 3,
    });
    assert.deepEqual([...dataset.features.subarray(0, 12)], new Array(12).fill(200));
    assert.deepEqual([...dataset.features.subarray(12)], new Array(12).fill(0));
  });

  test("resizes bilinearly: a 16x16 image bright on its left half stays bright on the left half at 8x8", () => {
    const half = encodePng(16, 16, solidImage(16, 16, [255, 255, 255, 255], true));
    const dataset = parseImageZipDataset(zipOf({ "h/1.png": half, "w/1.png": whitePng }), gray8);
    for (let y = 0; y < 8; y++) {
      assert.deepEqual([...dataset.features.subarray(y * 8, y * 8 + 8)], [255, 255, 255, 255, 0, 0, 0, 0]);
    }
    // The 4x4 white image is upscaled to a uniform 8x8.
    assert.deepEqual([...dataset.features.subarray(64)], new Array(64).fill(255));
  });

  test("rejects bytes that are not a zip at byte offset 0", () => {
    assertFormatError(
      () => parseImageZipDataset(Buffer.from("definitely not a zip archive"), gray8),
      /^not a readable zip archive: .+ \(byte offset 0\)$/,
      { byteOffset: 0 },
    );
  });

  test("rejects a zip with no images", () => {
    assertFormatError(
      () => parseImageZipDataset(zipOf({ "a/": new Uint8Array(0), "b/": new Uint8Array(0) }), gray8),
      /the zip contains no images: expected <class>\/<file>\.png\|\.jpg\|\.jpeg/,
      {},
    );
  });

  test("rejects images outside a class folder, naming the entry", () => {
    assertFormatError(
      () => parseImageZipDataset(zipOf({ "1.png": whitePng, "2.png": whitePng }), gray8),
      /file is not inside a class folder/,
      { file: "1.png" },
    );
    assertFormatError(
      () => parseImageZipDataset(zipOf({ "data/a/1.png": whitePng, "data/2.png": whitePng }), gray8),
      /file is not inside a class folder/,
      { file: "data/2.png" },
    );
  });

  test("rejects images nested below a class folder, naming the entry", () => {
    assertFormatError(
      () => parseImageZipDataset(zipOf({ "a/1.png": whitePng, "b/deep/2.png": whitePng }), gray8),
      /file is nested too deeply/,
      { file: "b/deep/2.png" },
    );
  });

  test("rejects a single class folder", () => {
    assertFormatError(
      () => parseImageZipDataset(zipOf({ "data/cat/1.png": whitePng, "data/cat/2.png": whitePng }), gray8),
      /found only 1 class folder, need at least 2/,
      { file: "data/cat/" },
    );
  });

  test("rejects unsupported file types, naming them all", () => {
    const entries = { "a/1.png": whitePng, "b/1.png": whitePng, "a/notes.txt": new Uint8Array(1), "b/2.gif": new Uint8Array(1) };
    assertFormatError(
      () => parseImageZipDataset(zipOf(entries), gray8),
      /only \.png, \.jpg and \.jpeg images are accepted, found 2 other file\(s\): "a\/notes\.txt", "b\/2\.gif"/,
      { file: "a/notes.txt" },
    );
  });

  test("rejects an image that does not decode, naming the entry and the reason", () => {
    assertFormatError(
      () => parseImageZipDataset(zipOf({ "a/1.png": whitePng, "b/1.jpg": new Uint8Array([1, 2, 3, 4]) }), gray8),
      /cannot decode image: the content is neither PNG nor JPEG/,
      { file: "b/1.jpg" },
    );
    assertFormatError(
      () => parseImageZipDataset(zipOf({ "a/1.png": whitePng, "b/1.png": whitePng.subarray(0, 40) }), gray8),
      /^cannot decode PNG image: .+ \(file b\/1\.png\)$/,
      { file: "b/1.png" },
    );
  });

  test("rejects an entry whose compressed data is broken, naming it", () => {
    const zip = zipOf({ "a/1.png": whitePng, "b/1.png": whitePng });
    // The first entry's deflate stream starts after its 30-byte local header and 7-byte name.
    zip[30 + 7] = 0xff;
    assertFormatError(() => parseImageZipDataset(zip, gray8), /^cannot decompress zip entry: .+/, { file: "a/1.png" });
  });

  test("refuses images declaring more than 8192x8192 pixels before decoding them", () => {
    const hugePng = Buffer.from(whitePng);
    hugePng.writeUInt32BE(9000, 16);
    assertFormatError(
      () => parseImageZipDataset(zipOf({ "a/1.png": whitePng, "b/1.png": hugePng }), gray8),
      /image is 9000x4 pixels, larger than the limit of 8192x8192/,
      { file: "b/1.png" },
    );
    const jpeg = encodeJpeg(4, 4, solidImage(4, 4, [9, 9, 9, 255]));
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    jpeg.writeUInt16BE(10000, sof + 5);
    assertFormatError(
      () => parseImageZipDataset(zipOf({ "a/1.png": whitePng, "b/1.jpg": jpeg }), gray8),
      /image is 4x10000 pixels/,
      { file: "b/1.jpg" },
    );
  });

  test("refuses a zip whose declared uncompressed sizes exceed maxDecompressedBytes, before inflating", () => {
    const zip = zipOf({ "a/1.png": whitePng, "b/1.png": new Uint8Array(1024 * 1024) });
    assert.throws(
      () => parseImageZipDataset(zip, { ...gray8, maxDecompressedBytes: 4096 }),
      (error: unknown) =>
        error instanceof PayloadTooLargeError && /declare \d+ bytes uncompressed, over the limit of 4096 bytes/.test(error.message),
    );
  });

  test("refuses features that would exceed maxDecompressedBytes", () => {
    const zip = makeImageZip({ classes: ["a", "b"], perClass: 2, size: 4 });
    assert.throws(
      () => parseImageZipDataset(zip, { height: 64, width: 64, channels: 3, maxDecompressedBytes: 40_000 }),
      (error: unknown) => error instanceof PayloadTooLargeError && /4 images of 64x64x3 need 49152 bytes/.test(error.message),
    );
  });

  test("refuses a zip with more entries than maxEntries", () => {
    const zip = makeImageZip({ classes: ["a", "b"], perClass: 3, size: 4 });
    assert.throws(
      () => parseImageZipDataset(zip, { ...gray8, maxEntries: 5 }),
      (error: unknown) => error instanceof PayloadTooLargeError && /more than 5 entries/.test(error.message),
    );
    assert.equal(parseImageZipDataset(zip, { ...gray8, maxEntries: 6 }).count, 6);
  });

  test("rejects an imageSize outside 1..1024 or a channel count other than 1 or 3", () => {
    const zip = makeImageZip({ classes: ["a", "b"], perClass: 1, size: 4 });
    const invalid = (field: string) => (error: unknown) =>
      error instanceof InvalidInputError && error.details[0]?.path === field;
    assert.throws(() => parseImageZipDataset(zip, { ...gray8, height: 0 }), invalid("body.imageSize"));
    assert.throws(() => parseImageZipDataset(zip, { ...gray8, width: 1025 }), invalid("body.imageSize"));
    assert.throws(() => parseImageZipDataset(zip, { ...gray8, width: 2.5 }), invalid("body.imageSize"));
    assert.throws(() => parseImageZipDataset(zip, { ...gray8, channels: 4 as 3 }), invalid("body.channels"));
  });
});
