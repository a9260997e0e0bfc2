import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { PayloadTooLargeError, type ParsedDataset } from "@trainyard/domain";
import { makeFeatureJsonl, makeKeywordTextDataset, makeTokenDataset } from "../../../../tests/fixtures/jsonl.js";
import { assertFormatError } from "../testing/assert-format-error.js";
import { parseJsonlDataset } from "./parse-jsonl-dataset.js";

const parse = (text: string): ParsedDataset => parseJsonlDataset(Buffer.from(text));

function parseNumeric(text: string) {
  const dataset = parse(text);
  assert.notEqual(dataset.dtype, "text");
  if (dataset.dtype === "text") throw new Error("unreachable");
  return dataset;
}

describe("parseJsonlDataset", () => {
  test("parses text lines into a text dataset with featureShape []", () => {
    const dataset = parse('{"text": "Great film", "label": 1}\n{"label": 0, "text": "dull\\nplot"}\n');
    assert.deepEqual(dataset, {
      count: 2,
      featureShape: [],
      dtype: "text",
      numClasses: 2,
      texts: ["Great film", "dull\nplot"],
      labels: new Int32Array([1, 0]),
    });
  });

  test("pads variable-length token lines with 0 at the start to the longest line, as int32", () => {
    const dataset = parseNumeric('{"tokens": [5, 3], "label": 0}\n{"tokens": [7, 8, 9, 2], "label": 2}\n{"tokens": [], "label": 1}\n');
    assert.equal(dataset.dtype, "int32");
    assert.deepEqual(dataset.featureShape, [4]);
    assert.equal(dataset.numClasses, 3);
    assert.ok(dataset.features instanceof Int32Array);
    assert.deepEqual([...dataset.features], [0, 0, 5, 3, 7, 8, 9, 2, 0, 0, 0, 0]);
    assert.deepEqual([...dataset.labels], [0, 2, 1]);
  });

  test("parses features lines as float32 of shape [F]", () => {
    const dataset = parseNumeric('{"features": [1.5, -2, 3e2], "label": 1}\n{"features": [0, 0.1, 7], "label": 0}\n');
    assert.equal(dataset.dtype, "float32");
    assert.deepEqual(dataset.featureShape, [3]);
    assert.ok(dataset.features instanceof Float32Array);
    assert.deepEqual([...dataset.features], [1.5, -2, 300, 0, Math.fround(0.1), 7]);
  });

  test("parses the generated fixtures of every kind", () => {
    const text = parse(makeKeywordTextDataset({ count: 40, seed: 2 }));
    assert.equal(text.count, 40);
    assert.equal(text.dtype, "text");
    const tokens = parseNumeric(makeTokenDataset({ count: 30, maxLength: 9, seed: 2 }));
    assert.deepEqual(tokens.featureShape, [9]);
    const features = parseNumeric(makeFeatureJsonl({ count: 20, features: 6, numClasses: 4, seed: 2 }));
    assert.deepEqual([features.count, features.featureShape, features.numClasses], [20, [6], 4]);
  });

  test("skips blank lines, accepts \\r\\n, a byte order mark, no final newline and extra keys", () => {
    const dataset = parse('\ufeff{"text": "a", "label": 0, "id": 7}\r\n\r\n  \n\t{"text": "b", "label": 1}');
    assert.equal(dataset.dtype, "text");
    if (dataset.dtype === "text") assert.deepEqual(dataset.texts, ["a", "b"]);
  });

  test("decompresses a gzipped file and enforces the decompressed size limit", () => {
    const jsonl = makeKeywordTextDataset({ count: 30, seed: 5 });
    assert.deepEqual(parseJsonlDataset(gzipSync(jsonl)), parse(jsonl));
    assert.throws(() => parseJsonlDataset(gzipSync(jsonl), { maxDecompressedBytes: 100 }), PayloadTooLargeError);
    assertFormatError(() => parseJsonlDataset(gzipSync(jsonl).subarray(0, 30)), /gzip-compressed but cannot be decompressed/, {
      file: "data",
      byteOffset: 0,
    });
  });

  test("reports invalid JSON with its line and, when JSON.parse gives one, its column", () => {
    const good = '{"text": "a", "label": 0}\n';
    assertFormatError(() => parse(`${good}{"text": "b" "label": 1}\n`), /^invalid JSON: Expected ',' or '}' after property value \(/, {
      row: 2,
      column: 14,
    });
    assertFormatError(() => parse(`${good}\n{"text": "b", "label": }\n`), /^invalid JSON: Unexpected token '}' \(row 3\)$/, { row: 3 });
    assertFormatError(() => parse(`${good}{"text": "b`), /^invalid JSON: Unterminated string \(row 2, column 12\)$/, { row: 2, column: 12 });
  });

  test("rejects a line that is not an object", () => {
    assertFormatError(() => parse('[1, 2]\n'), /a line must be a JSON object, got \[1,2\]/, { row: 1 });
    assertFormatError(() => parse('"text"\n'), /a line must be a JSON object, got "text"/, { row: 1 });
  });

  test("rejects a missing, negative, fractional, non-numeric or too large label, pointing at it", () => {
    assertFormatError(() => parse('{"text": "a"}\n'), /^"label" is missing \(row 1\)$/, { row: 1 });
    assertFormatError(() => parse('{"text": "a", "label": 1}\n{"text": "b",  "label": -1}\n'), /^"label" must be a non-negative integer, got -1 \(row 2, column 16\)$/, {
      row: 2,
      column: 16,
    });
    assertFormatError(() => parse('{"label": 1.5, "text": "a"}\n'), /"label" must be a non-negative integer, got 1\.5/, { row: 1, column: 2 });
    assertFormatError(() => parse('{"label": "1", "text": "a"}\n'), /"label" must be a non-negative integer, got "1"/, { row: 1, column: 2 });
    assertFormatError(() => parse('{"label": 3000000000, "text": "a"}\n'), /"label" is too large: 3000000000 \(at most 2147483647\)/, { row: 1, column: 2 });
  });

  test("finds the key, not a text that spells it, for the column", () => {
    assertFormatError(() => parse('{"text": "label", "label": -2}\n'), /got -2/, { row: 1, column: 19 });
  });

  test("requires exactly one of text, tokens or features", () => {
    assertFormatError(() => parse('{"label": 1}\n'), /exactly one of "text", "tokens" or "features", found none/, { row: 1, column: 2 });
    assertFormatError(() => parse('{"label": 1, "text": "a", "tokens": [1]}\n'), /found "text" and "tokens"/, { row: 1, column: 27 });
  });

  test("rejects mixed kinds, naming the first line's kind", () => {
    assertFormatError(
      () => parse('{"text": "a", "label": 0}\n{"text": "b", "label": 1}\n{"tokens": [4], "label": 1}\n'),
      /"tokens" is used here but line 1 uses "text": every line must use the same kind/,
      { row: 3, column: 2 },
    );
  });

  test("rejects a text that is not a string and tokens or features that are not arrays", () => {
    assertFormatError(() => parse('{"text": 12, "label": 1}\n'), /"text" must be a string, got 12/, { row: 1, column: 2 });
    assertFormatError(() => parse('{"tokens": "1 2", "label": 1}\n'), /"tokens" must be an array, got "1 2"/, { row: 1, column: 2 });
    assertFormatError(() => parse('{"features": null, "label": 1}\n'), /"features" must be an array, got null/, { row: 1, column: 2 });
  });

  test("rejects a token id that is not a non-negative integer, with its index", () => {
    const first = '{"tokens": [1, 2], "label": 0}\n';
    assertFormatError(() => parse(`${first}{"label": 1, "tokens": [3, 1.5]}\n`), /^"tokens"\[1\] must be an integer token id in 0\.\.2147483647, got 1\.5/, {
      row: 2,
      column: 14,
    });
    assertFormatError(() => parse(`${first}{"tokens": [-1], "label": 1}\n`), /"tokens"\[0\] must be an integer token id .*got -1/, { row: 2, column: 2 });
    assertFormatError(() => parse(`${first}{"tokens": ["7"], "label": 1}\n`), /got "7"/, { row: 2, column: 2 });
  });

  test("rejects ragged, empty, non-numeric and out-of-range features", () => {
    const first = '{"features": [1, 2, 3], "label": 0}\n';
    assertFormatError(() => parse(`${first}\n{"features": [1, 2], "label": 1}\n`), /"features" has 2 values, expected 3 as on line 1/, { row: 3, column: 2 });
    assertFormatError(() => parse('{"features": [], "label": 1}\n'), /"features" must not be empty/, { row: 1, column: 2 });
    assertFormatError(() => parse(`${first}{"features": [1, "x", 3], "label": 1}\n`), /"features"\[1\] must be a number, got "x"/, { row: 2, column: 2 });
    assertFormatError(() => parse(`${first}{"features": [1, 2, 1e39], "label": 1}\n`), /"features"\[2\] is out of float32 range: 1e\+39/, { row: 2, column: 2 });
  });

  test("rejects an empty file, only empty token lists, and a single class", () => {
    assertFormatError(() => parse(""), /the file is empty/, { row: 1 });
    assertFormatError(() => parse("\n  \r\n\n"), /the file is empty/, { row: 1 });
    assertFormatError(() => parse('\n{"tokens": [], "label": 0}\n{"tokens": [], "label": 1}\n'), /every "tokens" array is empty/, { row: 2 });
    assertFormatError(() => parse('\n{"text": "a", "label": 0}\n{"text": "b", "label": 0}\n'), /labels must span at least 2 classes, but every label is 0/, {
      row: 2,
    });
  });

  test("parses a 50 MB text file in a few seconds", () => {
    const block = makeKeywordTextDataset({ count: 1000, seed: 9, minWords: 20, maxWords: 60 });
    const repeats = Math.ceil(50_000_000 / block.length);
    const data = Buffer.from(block.repeat(repeats));
    const started = performance.now();
    const dataset = parseJsonlDataset(data);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(dataset.count, repeats * 1000);
    assert.ok(seconds < 5, `took ${seconds.toFixed(2)} s`);
  });

  test("parses a 50 MB token file in a few seconds", () => {
    const block = makeTokenDataset({ count: 1000, seed: 9, vocabSize: 10_000, minLength: 20, maxLength: 200 });
    const repeats = Math.ceil(50_000_000 / block.length);
    const started = performance.now();
    const dataset = parseNumeric(block.repeat(repeats));
    const seconds = (performance.now() - started) / 1000;
    assert.equal(dataset.count, repeats * 1000);
    assert.deepEqual(dataset.featureShape, [200]);
    assert.ok(seconds < 5, `took ${seconds.toFixed(2)} s`);
  });
});
