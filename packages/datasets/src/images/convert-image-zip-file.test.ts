import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { InvalidInputError } from "@trainyard/domain";
import { encodeJpeg, encodePng, makeImageEntries, makeImageZip, solidImage, zipEntries } from "../../../../tests/fixtures/images-zip.js";
import { makeRandom } from "../../../../tests/fixtures/random.js";
import { assertSameOutcome, convertedOutcome, parsedOutcome, type ConversionOutcome } from "../testing/conversion-outcome.js";
import { convertImageZipFile, type ImageZipFileOptions } from "./convert-image-zip-file.js";
import { parseImageZipDataset } from "./parse-image-zip-dataset.js";
import { zipRecords, type ZipRecordEntry, type ZipRecordOptions } from "./testing/zip-records.js";

/**
 * convertImageZipFile must accept and refuse exactly what parseImageZipDataset does: every case
 * runs through both, with a tiny read/write chunk and the default, and the outcomes must be equal.
 */
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "trainyard-convert-zip-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Options = Partial<ImageZipFileOptions> & { maxDecompressedBytes?: number };
const gray8 = { height: 8, width: 8, channels: 1 } as const;
const rgb8 = { height: 8, width: 8, channels: 3 } as const;
const whitePng = encodePng(4, 4, solidImage(4, 4, [255, 255, 255, 255]));
const records = (entries: Record<string, Uint8Array>, options: ZipRecordOptions = {}, method = 8): Buffer =>
  Buffer.concat([...zipRecords(Object.entries(entries).map(([name, data]): ZipRecordEntry => ({ name, data, method })), options)]);

async function outcomes(zip: Uint8Array, options: Options, chunkBytes?: number): Promise<[ConversionOutcome, ConversionOutcome]> {
  const shape = { ...gray8, ...options };
  const converted = await convertedOutcome(dir, { archive: zip }, convertImageZipFile, { ...shape, ...(chunkBytes === undefined ? {} : { chunkBytes }) });
  const parsed = parsedOutcome(() => parseImageZipDataset(zip, { maxDecompressedBytes: 1 << 30, ...shape }));
  return [converted, parsed];
}

const pngs = makeImageEntries({ classes: ["a", "b", "c"], perClass: 4, size: 8 });
const goodCases: Record<string, [Uint8Array, Options]> = {
  "PNG class folders, grayscale": [makeImageZip({ classes: ["a", "b", "c"], perClass: 4, size: 8 }), gray8],
  "JPEG images in RGB, resized from 12 to 8": [makeImageZip({ classes: ["a", "b"], perClass: 3, size: 12, format: "jpeg" }), rgb8],
  "mixed extensions": [makeImageZip({ classes: ["x", "y"], perClass: 4, size: 8, format: "mixed" }), { height: 5, width: 7, channels: 3 }],
  "class folders under one top-level folder": [makeImageZip({ classes: ["a", "b"], perClass: 3, size: 8, nested: true }), gray8],
  "a zip order unlike the sample order": [zipEntries(Object.fromEntries(Object.entries(makeImageEntries({ classes: ["zebra", "Ant", "cat"], perClass: 2, size: 8 })).reverse())), gray8],
  "ignored __MACOSX/ entries and dotfiles": [zipEntries({ ...pngs, "__MACOSX/": new Uint8Array(0), "__MACOSX/a/._0000.png": new Uint8Array([0, 5]), "a/.DS_Store": new Uint8Array([1]) }), gray8],
  "stored (uncompressed) entries": [records(pngs, {}, 0), gray8],
  "an archive comment of 65,535 bytes": [records(pngs, { comment: new Uint8Array(65_535).fill(0x50) }), gray8],
  "zip64 records": [records(pngs, { zip64: true }), gray8],
  "UTF-8 class names": [records({ "café/1.png": whitePng, "thé/1.png": whitePng, "thé/2.png": whitePng }), gray8],
};

const broken = zipEntries({ "a/1.png": whitePng, "b/1.png": whitePng });
broken[30 + 7] = 0xff;
const hugePng = Buffer.from(whitePng);
hugePng.writeUInt32BE(9000, 16);
const hugeJpeg = encodeJpeg(4, 4, solidImage(4, 4, [9, 9, 9, 255]));
hugeJpeg.writeUInt16BE(10000, hugeJpeg.indexOf(Buffer.from([0xff, 0xc0])) + 5);
const three = makeImageZip({ classes: ["a", "b"], perClass: 3, size: 4 });
/** Deflate data that does not inflate (an invalid block type), for entries written by zipRecords. */
const badDeflate = (zip: Buffer, name: string): Buffer => {
  const at = zip.indexOf(Buffer.from(name)) + name.length;
  zip[at] = 0xff;
  return zip;
};

const errorCases: Record<string, [Uint8Array, Options]> = {
  "bytes that are not a zip": [Buffer.from("definitely not a zip archive"), gray8],
  "an empty file": [new Uint8Array(0), gray8],
  "a gzipped zip (not unwrapped)": [gzipSync(makeImageZip({ classes: ["a", "b"], perClass: 2, size: 4 })), gray8],
  "a zip with no images": [zipEntries({ "a/": new Uint8Array(0), "b/": new Uint8Array(0) }), gray8],
  "an empty zip": [records({}), gray8],
  "images outside a class folder": [zipEntries({ "1.png": whitePng, "2.png": whitePng }), gray8],
  "an image beside the class folders": [zipEntries({ "data/a/1.png": whitePng, "data/2.png": whitePng }), gray8],
  "an image nested too deeply": [zipEntries({ "a/1.png": whitePng, "b/deep/2.png": whitePng }), gray8],
  "a single class folder": [zipEntries({ "data/cat/1.png": whitePng, "data/cat/2.png": whitePng }), gray8],
  "unsupported file types": [zipEntries({ "a/1.png": whitePng, "b/1.png": whitePng, "a/notes.txt": new Uint8Array(1), "b/2.gif": new Uint8Array(1) }), gray8],
  "a duplicate entry": [Buffer.concat([...zipRecords([{ name: "a/1.png", data: whitePng }, { name: "b/1.png", data: whitePng }, { name: "a/1.png", data: whitePng }])]), gray8],
  "an unsupported compression method": [records({ "a/1.png": whitePng, "b/1.png": whitePng }, {}, 12), gray8],
  "an image that is neither PNG nor JPEG": [zipEntries({ "a/1.png": whitePng, "b/1.jpg": new Uint8Array([1, 2, 3, 4]) }), gray8],
  "a truncated PNG": [zipEntries({ "a/1.png": whitePng, "b/1.png": whitePng.subarray(0, 40) }), gray8],
  "broken deflate data": [broken, gray8],
  "a PNG declaring 9000x4 pixels": [zipEntries({ "a/1.png": whitePng, "b/1.png": hugePng }), gray8],
  "a JPEG declaring 4x10000 pixels": [zipEntries({ "a/1.png": whitePng, "b/1.jpg": hugeJpeg }), gray8],
  "declared sizes over maxDecompressedBytes": [zipEntries({ "a/1.png": whitePng, "b/1.png": new Uint8Array(1024 * 1024) }), { maxDecompressedBytes: 4096 }],
  "features over maxDecompressedBytes": [makeImageZip({ classes: ["a", "b"], perClass: 2, size: 4 }), { height: 64, width: 64, channels: 3, maxDecompressedBytes: 40_000 }],
  "more entries than maxEntries": [three, { maxEntries: 5 }],
  "a height of 0": [three, { height: 0 }],
  "a width of 1025": [three, { width: 1025 }],
  "a width of 2.5": [three, { width: 2.5 }],
  "4 channels": [three, { channels: 4 as 3 }],
  "zip64 sizes without their extra field": [(() => {
    const zip = records({ "a/1.png": whitePng, "b/1.png": whitePng }, { zip64: true });
    zip.writeUInt16LE(0x9999, zip.indexOf(Buffer.from([1, 0, 24, 0])));
    return zip;
  })(), gray8],
  // The parser inflates every entry (in zip order) before decoding any image.
  "an undecodable image first in sample order, a broken entry first in zip order": [badDeflate(records({ "b/1.png": whitePng, "a/1.png": new Uint8Array([1, 2, 3]) }), "b/1.png"), gray8],
  "two broken entries in the opposite sample and zip orders": [badDeflate(badDeflate(records({ "b/1.png": whitePng, "a/1.png": whitePng }), "b/1.png"), "a/1.png"), gray8],
};

describe("convertImageZipFile", () => {
  for (const chunkBytes of [7, 64, undefined]) {
    const chunk = chunkBytes === undefined ? "the default chunk" : `${chunkBytes}-byte chunks`;
    for (const [name, [zip, options]] of Object.entries({ ...goodCases, ...errorCases })) {
      test(`gives what parseImageZipDataset gives for ${name}, with ${chunk}`, async () => {
        const [converted, parsed] = await outcomes(zip, options, chunkBytes);
        assertSameOutcome(name, name in goodCases, converted, parsed);
      });
    }
  }

  test("gives what parseImageZipDataset gives for every truncation and for random byte changes of a zip", async () => {
    // JPEG: pngjs reads uninitialised memory for some corrupt PNG data, so the parser itself gives
    // different errors for the same bytes from one run to the next.
    const zip = records({ ...makeImageEntries({ classes: ["a", "b"], perClass: 2, size: 4, format: "jpeg" }), "a/.x": new Uint8Array(3) }, { comment: Buffer.from("note") });
    const random = makeRandom(7);
    const variants: Uint8Array[] = [];
    for (let length = 0; length < zip.length; length += 1 + Math.floor(random() * 9)) variants.push(zip.subarray(0, length));
    for (let i = 0; i < 600; i++) {
      const changed = Buffer.from(zip);
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) changed[Math.floor(random() * zip.length)] = Math.floor(random() * 256);
      variants.push(changed);
    }
    for (const [i, variant] of variants.entries()) {
      const [converted, parsed] = await outcomes(variant, gray8, 64);
      assert.deepEqual(converted, parsed, `variant ${i}`);
    }
  });

  test("refuses more class folders than maxClasses, which the parser leaves to its caller", async () => {
    const zip = makeImageZip({ classes: ["a", "b", "c"], perClass: 1, size: 4 });
    const outcome = await convertedOutcome(dir, { archive: zip }, convertImageZipFile, { ...gray8, maxClasses: 2 });
    assert.ok("error" in outcome && outcome.error.name === InvalidInputError.name, JSON.stringify(outcome));
    assert.match(outcome.error.message, /at most 2 classes/);
  });
});
