import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { InvalidInputError } from "@trainyard/domain";
import { makeCsvDataset } from "../../../../tests/fixtures/csv.js";
import { assertFormatError } from "../testing/assert-format-error.js";
import { parseCsvDataset, type CsvParseOptions } from "./parse-csv-dataset.js";
import { compareCodePoints } from "./label-name-table.js";

const parse = (text: string, options: CsvParseOptions = {}) => parseCsvDataset(Buffer.from(text), options);

/** Asserts an InvalidInputError on body.featureColumns whose message matches. */
function assertBadFeatureColumns(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InvalidInputError, `expected an InvalidInputError, got ${String(error)}`);
    assert.equal(error.details[0]?.path, "body.featureColumns");
    assert.match(error.message, message);
    return true;
  });
}

describe("parseCsvDataset featureColumns", () => {
  test("stores the named feature columns in the given order and skips the others unread", () => {
    const dataset = parse("id,a,b,c,label\nx1,1,2,3,0\nx2,4,5,6,1\n", { featureColumns: ["c", "a"] });
    assert.deepEqual(dataset.featureShape, [2]);
    assert.deepEqual([...dataset.features], [3, 1, 6, 4]);
    assert.deepEqual([...dataset.labels], [0, 1]);
  });

  test("takes 0-based indices as strings, also in a file without a header", () => {
    assert.deepEqual([...parse("a,b,label\n1,2,0\n3,4,1\n", { featureColumns: ["1"] }).features], [2, 4]);
    const noHeader = parse("1,2,0\n3,4,1\n", { labelColumn: "2", featureColumns: ["1", "0"] });
    assert.equal(noHeader.count, 2);
    assert.deepEqual([...noHeader.features], [2, 1, 4, 3]);
  });

  test("rejects an unknown column on body.featureColumns, naming it and listing the columns", () => {
    const text = "a,b,label\n1,2,0\n3,4,1\n";
    assertBadFeatureColumns(
      () => parse(text, { featureColumns: ["a", "z"] }),
      /no column "z": columns are "a", "b", "label"; or use a 0-based index from 0 to 2/,
    );
    assertBadFeatureColumns(() => parse(text, { featureColumns: ["3"] }), /no column "3"/);
    assertBadFeatureColumns(
      () => parse("1,2,0\n", { labelColumn: "2", featureColumns: ["7"] }),
      /no column "7": the file has no header row, so use a 0-based index from 0 to 2/,
    );
  });

  test("rejects the label column, a column listed twice and an empty list", () => {
    const text = "a,b,label\n1,2,0\n3,4,1\n";
    assertBadFeatureColumns(() => parse(text, { featureColumns: ["a", "label"] }), /"label" is the label column/);
    assertBadFeatureColumns(() => parse(text, { featureColumns: ["a", "0"] }), /column "0" is listed twice/);
    assertBadFeatureColumns(() => parse(text, { featureColumns: [] }), /at least one feature column/);
  });

  test("still checks that every row has every column", () => {
    assertFormatError(() => parse("a,b,label\n1,2,0\n1,1\n", { featureColumns: ["a"] }), /row has 2 columns, expected 3/, {
      row: 3,
      column: 3,
    });
  });
});

describe("parseCsvDataset categorical labels", () => {
  test("gives name labels ids in sorted order and returns the names", () => {
    const dataset = parse("x,species\n1,versicolor\n2,setosa\n3,virginica\n4,setosa\n", { labelColumn: "species" });
    assert.deepEqual(dataset.labelNames, ["setosa", "versicolor", "virginica"]);
    assert.equal(dataset.numClasses, 3);
    assert.deepEqual([...dataset.labels], [1, 0, 2, 0]);
    assert.deepEqual([...dataset.features], [1, 2, 3, 4]);
  });

  test("keeps numeric labels numeric, without labelNames", () => {
    const dataset = parse(makeCsvDataset({ rows: 12, features: 2, numClasses: 3, seed: 5 }));
    assert.equal(dataset.labelNames, undefined);
    assert.equal("labelNames" in dataset, false);
  });

  test("treats every label as a name once one label is not a number, even after bad numeric labels", () => {
    const dataset = parse("x,label\n1,10\n2,-1\n3,2\n4,1.5\n5,cat\n6,2\n");
    assert.deepEqual(dataset.labelNames, ["-1", "1.5", "10", "2", "cat"]);
    assert.deepEqual([...dataset.labels], [2, 0, 3, 1, 4, 3]);
  });

  test("sorts names by code point, trims blanks and ignores a gzip wrapper", () => {
    const text = "x,label\n1,\uFF21\n2, \u{1F600}\n3,b\n4,B \n5,\uFF21\n";
    const dataset = parseCsvDataset(gzipSync(text));
    assert.deepEqual(dataset.labelNames, ["B", "b", "\uFF21", "\u{1F600}"]);
    assert.deepEqual([...dataset.labels], [2, 3, 1, 0, 2]);
    assert.ok(compareCodePoints("\uFFFF", "\u{10000}") < 0);
    assert.ok(compareCodePoints("ab", "a") > 0);
  });

  test("reads a file without a header whose first row has a name label (iris.data)", () => {
    const text = "5.1,3.5,Iris-setosa\n7.0,3.2,Iris-versicolor\n6.3,3.3,Iris-virginica\n";
    const dataset = parse(text, { labelColumn: "2" });
    assert.equal(dataset.count, 3);
    assert.deepEqual(dataset.labelNames, ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]);
    assert.equal(dataset.features[0], Math.fround(5.1));
  });

  test("reads a first row with text only in unused columns as data when columns are indices", () => {
    const dataset = parse("a1,1,2,0\na2,3,4,1\n", { labelColumn: "3", featureColumns: ["1", "2"] });
    assert.equal(dataset.count, 2);
    assert.deepEqual([...dataset.features], [1, 2, 3, 4]);
  });

  test("rejects a missing name label with its row and column", () => {
    assertFormatError(() => parse("x,label\n1,cat\n2,dog\n3,\n"), /^missing label \(row 4, column 2\)$/, {
      row: 4,
      column: 2,
    });
  });

  test("rejects a feature that is not a number in a file with name labels", () => {
    assertFormatError(() => parse("x,label\n1,cat\nabc,dog\n"), /not a number: "abc"/, { row: 3, column: 1 });
  });

  test("reports a bad numeric label when every label is a number", () => {
    assertFormatError(() => parse("x,label\n1,1\n2,-3\n3,0\n"), /non-negative integer, found "-3"; labels are read as names/, {
      row: 3,
      column: 2,
    });
  });

  test("parses a 50 MB file whose only name label is on its last line in a few seconds", () => {
    const block = Array.from({ length: 1000 }, (_, i) => `${(i % 997) / 7},${(i % 13) * 0.25},${i % 101},${i % 5}\n`).join("");
    const repeats = Math.ceil(50_000_000 / block.length);
    const data = Buffer.from(`a,b,c,label\n${block.repeat(repeats)}1,2,3,other\n`);
    const started = performance.now();
    const dataset = parseCsvDataset(data);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(dataset.count, repeats * 1000 + 1);
    assert.deepEqual(dataset.labelNames, ["0", "1", "2", "3", "4", "other"]);
    assert.equal(dataset.labels[dataset.count - 1], 5);
    assert.ok(seconds < 5, `took ${seconds.toFixed(2)} s`);
  });
});
