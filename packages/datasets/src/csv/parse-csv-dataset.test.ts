import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { InvalidInputError } from "@trainyard/domain";
import { makeCsvDataset } from "../../../../tests/fixtures/csv.js";
import { assertFormatError } from "../testing/assert-format-error.js";
import { parseCsvDataset } from "./parse-csv-dataset.js";

const parse = (text: string, labelColumn?: string) => parseCsvDataset(Buffer.from(text), { labelColumn });

describe("parseCsvDataset", () => {
  test("parses a header, float32 features of shape [F] and the label column", () => {
    const dataset = parse("a,label,b\n1.5,0,2\n-3,2,4e-1\n");
    assert.equal(dataset.count, 2);
    assert.deepEqual(dataset.featureShape, [2]);
    assert.equal(dataset.dtype, "float32");
    assert.equal(dataset.numClasses, 3);
    assert.ok(dataset.features instanceof Float32Array);
    assert.deepEqual([...dataset.features], [1.5, 2, -3, Math.fround(0.4)]);
    assert.deepEqual([...dataset.labels], [0, 2]);
  });

  test("parses the generated fixture, keeping every row and label", () => {
    const csv = makeCsvDataset({ rows: 50, features: 6, numClasses: 3, seed: 4 });
    const dataset = parse(csv);
    assert.equal(dataset.count, 50);
    assert.deepEqual(dataset.featureShape, [6]);
    assert.equal(dataset.numClasses, 3);
    const lastLine = csv.trimEnd().split("\n").at(-1) ?? "";
    assert.equal(dataset.labels[49], Number(lastLine.split(",").at(-1)));
    assert.equal(dataset.features[49 * 6], Math.fround(Number(lastLine.split(",")[0])));
  });

  test("decompresses a gzipped file", () => {
    const csv = makeCsvDataset({ rows: 12, features: 2, numClasses: 2, seed: 4 });
    assert.deepEqual(parseCsvDataset(gzipSync(csv)), parse(csv));
    assertFormatError(() => parseCsvDataset(gzipSync(csv).subarray(0, 20)), /gzip-compressed but cannot be decompressed/, {
      file: "data",
      byteOffset: 0,
    });
  });

  test("treats a first row of numbers as data and takes labelColumn as an index", () => {
    const csv = makeCsvDataset({ rows: 10, features: 3, numClasses: 2, header: false, seed: 2 });
    const dataset = parse(csv, "3");
    assert.equal(dataset.count, 10);
    assert.deepEqual(dataset.featureShape, [3]);
  });

  test("takes labelColumn as a header name, and a digit string as an index when no header matches", () => {
    assert.deepEqual([...parse("y,x\n1,5\n0,6\n", "y").labels], [1, 0]);
    assert.deepEqual([...parse("y,x\n1,5\n0,6\n", "0").labels], [1, 0]);
    assert.deepEqual([...parse("y,x\n1,5\n0,6\n", "0").features], [5, 6]);
  });

  test("finds a label column named in any case by default", () => {
    assert.deepEqual([...parse("x,Label\n1,1\n2,0\n").labels], [1, 0]);
  });

  test("handles \\r\\n, quoted fields, a byte order mark and blank trailing lines", () => {
    const text = '\uFEFF"feature, one","label"\r\n"1.25",1\r\n"-2",0\r\n\r\n\r\n';
    const dataset = parse(text);
    assert.equal(dataset.count, 2);
    assert.deepEqual([...dataset.features], [1.25, -2]);
  });

  test("handles a missing trailing newline and escaped quotes in the header", () => {
    const dataset = parse('"say ""hi""",label\n3,1\n4,0');
    assert.deepEqual([...dataset.features], [3, 4]);
  });

  test("counts lines inside quoted fields when reporting a later row", () => {
    assertFormatError(() => parse('"multi\nline",label\n1,0\nx,1\n'), /not a number: "x"/, { row: 4, column: 1 });
  });

  test("reports a value that is not a number with its row and column", () => {
    const text = "a,b,c,label\n1,2,3,0\n1,2,3,1\n1,2,3,0\n1,2,3,1\n1,2,3,0\n1,2,abc,1\n";
    assertFormatError(() => parse(text), /^not a number: "abc" \(row 7, column 3\)$/, { row: 7, column: 3 });
  });

  test("rejects hex, Infinity and empty values", () => {
    assertFormatError(() => parse("a,label\n0x10,1\n"), /not a number: "0x10"/, { row: 2, column: 1 });
    assertFormatError(() => parse("a,label\nInfinity,1\n"), /not a number: "Infinity"/, { row: 2, column: 1 });
    assertFormatError(() => parse("a,b,label\n1,,1\n"), /missing value/, { row: 2, column: 2 });
  });

  test("rejects numbers beyond float32 range", () => {
    assertFormatError(() => parse("a,label\n1e39,1\n"), /number out of float32 range: "1e39"/, { row: 2, column: 1 });
  });

  test("rejects a row with too few columns, saying how many", () => {
    assertFormatError(() => parse("a,b,label\n1,2,0\n1,1\n"), /row has 2 columns, expected 3 as in the first row/, {
      row: 3,
      column: 3,
    });
  });

  test("rejects a row with too many columns, saying how many", () => {
    assertFormatError(() => parse("a,b,label\n1,2,0\n1,2,1,5,6\n"), /row has 5 columns, expected 3/, {
      row: 3,
      column: 4,
    });
  });

  test("rejects a negative label", () => {
    assertFormatError(() => parse("a,label\n1,1\n2,-1\n"), /label must be a non-negative integer, found "-1"/, {
      row: 3,
      column: 2,
    });
  });

  test("rejects a fractional label", () => {
    assertFormatError(() => parse("label,a\n1.5,1\n"), /label must be a non-negative integer, found "1.5"/, {
      row: 2,
      column: 1,
    });
  });

  test("rejects a missing label, and name labels that are all the same name", () => {
    assertFormatError(() => parse("a,label\n1,cat\n2, cat\n"), /at least 2 classes, but every label is "cat"/, {
      row: 2,
      column: 2,
    });
    assertFormatError(() => parse("a,label\n1,\n"), /missing label/, { row: 2, column: 2 });
  });

  test("rejects labels that are all 0", () => {
    assertFormatError(() => parse("a,label\n1,0\n2,0\n"), /at least 2 classes/, { row: 2, column: 2 });
  });

  test("rejects an empty file", () => {
    assertFormatError(() => parse(""), /the file is empty/, { row: 1 });
    assertFormatError(() => parse("\n\r\n"), /the file is empty/, { row: 1 });
  });

  test("rejects a header with no data rows", () => {
    assertFormatError(() => parse("a,label\n"), /no data rows after the header/, { row: 2 });
    assertFormatError(() => parse("a,label"), /no data rows after the header/, { row: 2 });
  });

  test("rejects a single column", () => {
    assertFormatError(() => parse("label\n1\n0\n"), /at least 2 columns/, { row: 1 });
  });

  test("asks for labelColumn, listing the columns, when no column is named label", () => {
    assertFormatError(
      () => parse("a,b,c\n1,2,0\n"),
      /no column named "label": pass labelColumn as one of the columns \("a", "b", "c"\) or a 0-based index from 0 to 2/,
      { row: 1 },
    );
  });

  test("asks for a labelColumn index when the file has no header", () => {
    assertFormatError(() => parse("1,2,0\n3,4,1\n"), /no header row, so pass labelColumn as a 0-based index from 0 to 2/, {
      row: 1,
    });
  });

  test("shortens the column list of a wide file", () => {
    const header = Array.from({ length: 30 }, (_, i) => `p${i}`).join(",");
    assertFormatError(() => parse(`${header}\n${"1,".repeat(29)}1\n`), /"p19" and 10 more/, { row: 1 });
  });

  test("rejects a labelColumn that matches no column as invalid input on labelColumn", () => {
    assert.throws(
      () => parse("a,b\n1,0\n", "c"),
      (error: unknown) =>
        error instanceof InvalidInputError &&
        error.details[0]?.path === "labelColumn" &&
        /no column "c": columns are "a", "b"; or use a 0-based index from 0 to 1/.test(error.message),
    );
    assert.throws(() => parse("a,b\n1,0\n", "2"), InvalidInputError);
  });

  test("rejects an unterminated quoted field and text after a closing quote", () => {
    assertFormatError(() => parse('a,label\n"1,0\n'), /unterminated quoted field/, { row: 2, column: 1 });
    assertFormatError(() => parse('a,label\n"1"x,0\n'), /unexpected character after a closing quote: "x"/, {
      row: 2,
      column: 1,
    });
  });

  test("grows its buffers for files with lone \\r line ends", () => {
    const dataset = parse("a,label\r1,0\r2,1\r3,0\r");
    assert.equal(dataset.count, 3);
    assert.deepEqual([...dataset.features], [1, 2, 3]);
  });

  test("parses a 50 MB file in a few seconds", () => {
    const block = Array.from(
      { length: 1000 },
      (_, i) => `${(i % 997) / 7},${(i % 13) * 0.25},${i % 101},-${i % 7}.5,"${i * 3}",${i % 5}\n`,
    ).join("");
    const repeats = Math.ceil(50_000_000 / block.length);
    const data = Buffer.from(`a,b,c,d,e,label\n${block.repeat(repeats)}`);
    const started = performance.now();
    const dataset = parseCsvDataset(data);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(dataset.count, repeats * 1000);
    assert.equal(dataset.features[dataset.features.length - 5], Math.fround((999 % 997) / 7));
    assert.equal(dataset.labels[dataset.count - 1], 4);
    assert.ok(seconds < 5, `took ${seconds.toFixed(2)} s`);
  });
});
