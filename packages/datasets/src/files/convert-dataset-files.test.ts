import { describe, test, before, after } from "node:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { brokenGzip, makeIdxDataset, truncated, withDimension, withMagic, withTrailingBytes } from "../../../../tests/fixtures/idx.js";
import { makeNpy, makeNpyDataset } from "../../../../tests/fixtures/npy.js";
import { convertIdxFiles } from "../idx/convert-idx-files.js";
import { parseIdxDataset } from "../idx/parse-idx-dataset.js";
import { convertNpyFiles } from "../npy/convert-npy-files.js";
import { parseNpyDataset } from "../npy/parse-npy-dataset.js";
import { assertSameOutcome, convertedOutcome, parsedOutcome } from "../testing/conversion-outcome.js";

/**
 * The file converters must accept and refuse exactly what the in-memory parsers do: every case
 * here runs through both and compares the outcome (stored bytes and stats, or the error).
 */
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "trainyard-convert-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const idxFixture = makeIdxDataset({ count: 40, height: 6, width: 5, numClasses: 3, seed: 4 });
const idx = { images: idxFixture.images, labels: idxFixture.labels };
const idxCases: Record<string, { images: Buffer; labels: Buffer }> = {
  "good files": idx,
  "gzipped files": { images: gzipSync(idx.images), labels: gzipSync(idx.labels) },
  "truncated images": { ...idx, images: truncated(idx.images, 7) },
  "trailing bytes": { ...idx, images: withTrailingBytes(idx.images, 3) },
  "truncated header": { ...idx, images: idx.images.subarray(0, 9) },
  "a two-byte file": { ...idx, images: idx.images.subarray(0, 2) },
  "a wrong magic number": { ...idx, images: withMagic(idx.images, 0x12345678) },
  "swapped files": { images: idx.labels, labels: idx.images },
  "a zero dimension": { ...idx, images: withDimension(idx.images, 1, 0) },
  "different counts": { ...idx, labels: truncated(withDimension(idx.labels, 0, 39), 1) },
  "every label 0": { ...idx, labels: Buffer.concat([idx.labels.subarray(0, 8), Buffer.alloc(40)]) },
  "broken gzip": { ...idx, images: brokenGzip(idx.images) },
};

const npyFixture = makeNpyDataset({ count: 30, features: 4, numClasses: 3, seed: 5 });
const npy = { x: npyFixture.x, y: npyFixture.y, features: npyFixture.features };
const float64 = makeNpy(Float64Array.from(npy.features), [30, 4], "<f8");
const withNaN = Float32Array.from(npy.features);
withNaN[97] = NaN;
const npyCases: Record<string, { x: Buffer; y: Buffer }> = {
  "good float32 files": { x: npy.x, y: npy.y },
  "uint8 features": { x: makeNpy(Uint8Array.from(npy.features, (v) => Math.abs(v) * 10), [30, 4], "|u1"), y: npy.y },
  "float64 features": { x: float64, y: npy.y },
  "gzipped files": { x: gzipSync(npy.x), y: gzipSync(npy.y) },
  "a NaN feature": { x: makeNpy(withNaN, [30, 4], "<f4"), y: npy.y },
  "a float64 beyond float32": { x: makeNpy(Float64Array.from(npy.features, (v, i) => (i === 50 ? 1e300 : v)), [30, 4], "<f8"), y: npy.y },
  "truncated data": { x: npy.x.subarray(0, npy.x.length - 5), y: npy.y },
  "trailing bytes": { x: Buffer.concat([npy.x, Buffer.alloc(4)]), y: npy.y },
  "not a .npy file": { x: Buffer.from("a,b\n1,2\n"), y: npy.y },
  "a Fortran-order array": { x: makeFortran(), y: npy.y },
  "different counts": { x: npy.x, y: makeNpy(BigInt64Array.from({ length: 29 }, (_, i) => BigInt(i % 3)), [29], "<i8") },
  "a negative label": { x: npy.x, y: makeNpy(Int8Array.from({ length: 30 }, (_, i) => (i === 3 ? -1 : i % 3)), [30], "|i1") },
};

function makeFortran(): Buffer {
  const good = Buffer.from(npy.x);
  const at = good.indexOf("False");
  good.write("True, ", at, "latin1");
  return good;
}

/** Cases that must convert (the others must fail); so that no case passes by both failing alike. */
const goodCases = new Set(["good files", "gzipped files", "good float32 files", "uint8 features", "float64 features"]);

describe("convertIdxFiles", () => {
  for (const [name, input] of Object.entries(idxCases)) {
    test(`gives what parseIdxDataset gives for ${name}`, async () => {
      assertSameOutcome(name, goodCases.has(name), await convertedOutcome(dir, input, convertIdxFiles), parsedOutcome(() => parseIdxDataset(input)));
    });
  }

  test("refuses a gzipped file that decompresses beyond the limit, as parseIdxDataset does", async () => {
    const input = { images: gzipSync(idx.images), labels: idx.labels };
    const limit = idx.images.length - 1;
    const expected = parsedOutcome(() => parseIdxDataset(input, { maxDecompressedBytes: limit }));
    assertSameOutcome("over the limit", false, await convertedOutcome(dir, input, convertIdxFiles, { maxDecompressedBytes: limit }), expected);
  });
});

describe("convertNpyFiles", () => {
  for (const [name, input] of Object.entries(npyCases)) {
    test(`gives what parseNpyDataset gives for ${name}`, async () => {
      assertSameOutcome(name, goodCases.has(name), await convertedOutcome(dir, input, convertNpyFiles), parsedOutcome(() => parseNpyDataset(input)));
    });
  }
});
