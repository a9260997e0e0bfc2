import { describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { makeNpy, makeNpyDataset, npyDict, npyHeader } from "../../../../tests/fixtures/npy.js";
import { assertFormatError } from "../testing/assert-format-error.js";
import { parseNpyDataset } from "./parse-npy-dataset.js";

const good = makeNpyDataset({ count: 10, features: 3, numClasses: 2, seed: 3 });
const xData = good.x.subarray(128); // a 10 x 3 '<f4' header is 128 bytes long
const labels = (values: number[], descr = "|u1") => makeNpy(Uint8Array.from(values), [values.length], descr);
const withHeader = (dict: string, data: Uint8Array = xData) => Buffer.concat([npyHeader(dict), data]);
/** Byte offset of `key` in a version 1.0 file's header. */
const offsetOf = (dict: string, key: string) => 10 + dict.indexOf(`'${key}'`);

describe("parseNpyDataset errors", () => {
  test("rejects a file without the magic string at offset 0, hinting at .npz archives", () => {
    assertFormatError(() => parseNpyDataset({ x: Buffer.from("a,b\n1,2\n"), y: good.y }), /not a \.npy file: expected the magic string/, {
      file: "x",
      byteOffset: 0,
    });
    assertFormatError(() => parseNpyDataset({ x: good.x, y: Buffer.from("PK\x03\x04rest") }), /looks like a zip \(\.npz\)/, {
      file: "y",
      byteOffset: 0,
    });
  });

  test("rejects an unknown format version at offset 6", () => {
    const x = Buffer.from(good.x);
    x[6] = 4;
    assertFormatError(() => parseNpyDataset({ x, y: good.y }), /unsupported \.npy format version 4\.0: expected 1\.0, 2\.0 or 3\.0/, {
      file: "x",
      byteOffset: 6,
    });
  });

  test("rejects a header that is not a dictionary literal, at the offending character", () => {
    const dict = "{'descr': '<f4', 'fortran_order': False 'shape': (10, 3), }";
    assertFormatError(() => parseNpyDataset({ x: withHeader(dict), y: good.y }), /bad header: expected "," or "}", found "'"/, {
      file: "x",
      byteOffset: 10 + dict.indexOf("'shape'"),
    });
    assertFormatError(() => parseNpyDataset({ x: withHeader("{'descr': '<f4', 'shape': (10, 3)}"), y: good.y }), /the header has no 'fortran_order'/, {
      file: "x",
      byteOffset: 10,
    });
  });

  test("rejects a header cut short", () => {
    assertFormatError(() => parseNpyDataset({ x: good.x.subarray(0, 60), y: good.y }), /truncated header: expected 118 header bytes, found 50/, {
      file: "x",
      byteOffset: 60,
    });
  });

  test("rejects truncated data, giving the expected and actual sizes at the end of the file", () => {
    assertFormatError(() => parseNpyDataset({ x: good.x.subarray(0, good.x.length - 7), y: good.y }), /truncated data: expected 120 bytes for shape \(10, 3\) of '<f4', found 113/, {
      file: "x",
      byteOffset: good.x.length - 7,
    });
    assertFormatError(() => parseNpyDataset({ x: good.x, y: gzipSync(good.y).subarray(0, 30) }), /gzip-compressed but cannot be decompressed/, {
      file: "y",
      byteOffset: 0,
    });
  });

  test("rejects trailing bytes after the data", () => {
    assertFormatError(() => parseNpyDataset({ x: Buffer.concat([good.x, Buffer.alloc(4)]), y: good.y }), /4 trailing bytes after the data/, {
      file: "x",
      byteOffset: good.x.length,
    });
  });

  test("rejects Fortran-order arrays", () => {
    const dict = npyDict("<f4", [10, 3], true);
    assertFormatError(() => parseNpyDataset({ x: withHeader(dict), y: good.y }), /Fortran-order arrays are not supported/, {
      file: "x",
      byteOffset: offsetOf(dict, "fortran_order"),
    });
  });

  test("rejects big-endian dtypes, saying how to save little-endian data", () => {
    const dict = npyDict(">f4", [10, 3]);
    assertFormatError(() => parseNpyDataset({ x: withHeader(dict), y: good.y }), /big-endian dtype '>f4' is not supported: .*astype\('<f4'\)/, {
      file: "x",
      byteOffset: offsetOf(dict, "descr"),
    });
    const y = makeNpy(new Int32Array(10), [10], ">i4");
    assertFormatError(() => parseNpyDataset({ x: good.x, y }), /big-endian dtype '>i4'/, { file: "y", byteOffset: offsetOf(npyDict(">i4", [10]), "descr") });
  });

  test("rejects dtypes outside the accepted lists, naming them", () => {
    const x = makeNpy(new Int32Array(30), [10, 3], "<i4");
    assertFormatError(() => parseNpyDataset({ x, y: good.y }), /unsupported dtype '<i4' for x: expected one of '\|u1', '<f4', '<f8'/, {
      file: "x",
      byteOffset: offsetOf(npyDict("<i4", [10, 3]), "descr"),
    });
    const y = makeNpy(new Float32Array(10), [10], "<f4");
    assertFormatError(() => parseNpyDataset({ x: good.x, y }), /unsupported dtype '<f4' for y: expected one of '\|u1', '\|i1', '<u2'/, {
      file: "y",
      byteOffset: offsetOf(npyDict("<f4", [10]), "descr"),
    });
  });

  test("rejects x without a feature dimension and y of shape (N, 2)", () => {
    const x = makeNpy(new Float32Array(10), [10], "<f4");
    assertFormatError(() => parseNpyDataset({ x, y: good.y }), /x must have shape \(N, \.\.\.\) with at least one feature dimension, found shape \(10,\)/, {
      file: "x",
      byteOffset: offsetOf(npyDict("<f4", [10]), "shape"),
    });
    const y = makeNpy(new Uint8Array(20), [10, 2], "|u1");
    assertFormatError(() => parseNpyDataset({ x: good.x, y }), /y must have shape \(N,\) or \(N, 1\), found shape \(10, 2\)/, {
      file: "y",
      byteOffset: offsetOf(npyDict("|u1", [10, 2]), "shape"),
    });
  });

  test("rejects x and y with different counts at y's shape", () => {
    assertFormatError(() => parseNpyDataset({ x: good.x, y: labels([0, 1, 1]) }), /different counts: 10 samples in x, 3 labels in y/, {
      file: "y",
      byteOffset: offsetOf(npyDict("|u1", [3]), "shape"),
    });
  });

  test("rejects a negative or too large label at its byte offset", () => {
    const y = makeNpy(Int16Array.from([0, 1, 1, -2, 0, 1, 0, 1, 0, 1]), [10], "<i2");
    assertFormatError(() => parseNpyDataset({ x: good.x, y }), /label 3 is -2: labels must be non-negative/, { file: "y", byteOffset: 128 + 6 });
    const big = makeNpy(BigUint64Array.from([1n, 2n ** 40n, 0n, 1n, 0n, 1n, 0n, 1n, 0n, 1n]), [10], "<u8");
    assertFormatError(() => parseNpyDataset({ x: good.x, y: big }), /label 1 is 1099511627776: labels must be at most 2147483647/, {
      file: "y",
      byteOffset: 128 + 8,
    });
  });

  test("rejects labels that are all 0 and features that are NaN", () => {
    assertFormatError(() => parseNpyDataset({ x: good.x, y: labels(Array(10).fill(0)) }), /at least 2 classes/, { file: "y", byteOffset: 128 });
    const values = new Float32Array(30);
    values[4] = NaN;
    const x = makeNpy(values, [10, 3], "<f4");
    assertFormatError(() => parseNpyDataset({ x, y: good.y }), /feature value 4 is NaN: features must be finite/, { file: "x", byteOffset: 128 + 16 });
  });
});
