import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { makeCsvDataset } from "../../../../tests/fixtures/csv.js";
import { makeRandom } from "../../../../tests/fixtures/random.js";
import { assertSameOutcome, convertedOutcome, parsedOutcome } from "../testing/conversion-outcome.js";
import { convertCsvFile } from "./convert-csv-file.js";
import { parseCsvDataset, type CsvParseOptions } from "./parse-csv-dataset.js";

/**
 * convertCsvFile must accept and refuse exactly what parseCsvDataset does: every case runs
 * through both, with tiny chunks (records straddle chunk boundaries) and the default, and the
 * outcomes (stored bytes and stats, or the error and its row and column) must be equal.
 */
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "trainyard-convert-csv-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface CsvCase {
  data: string | Buffer;
  options?: Pick<CsvParseOptions, "labelColumn" | "featureColumns">;
  good?: boolean;
}

const fixture = makeCsvDataset({ rows: 50, features: 6, numClasses: 3, seed: 4 });
const many = makeCsvDataset({ rows: 3000, features: 3, numClasses: 4, seed: 7 });
const wideHeader = Array.from({ length: 30 }, (_, i) => `p${i}`).join(",");
const abc = "a,b,label\n1,2,0\n3,4,1\n";

const goodCases: Record<string, CsvCase> = {
  "a header and the label between features": { data: "a,label,b\n1.5,0,2\n-3,2,4e-1\n" },
  "the generated fixture": { data: fixture },
  "3000 rows (many chunks and buffer growths)": { data: many },
  "3000 rows whose only name label is the last": { data: `${many}1,2,3,other\n` },
  "a gzipped file": { data: gzipSync(fixture) },
  "no header and labelColumn as an index": { data: makeCsvDataset({ rows: 10, features: 3, numClasses: 2, header: false, seed: 2 }), options: { labelColumn: "3" } },
  "labelColumn as a header name": { data: "y,x\n1,5\n0,6\n", options: { labelColumn: "y" } },
  "labelColumn as an index into a header": { data: "y,x\n1,5\n0,6\n", options: { labelColumn: "0" } },
  "a Label column in another case": { data: "x,Label\n1,1\n2,0\n" },
  "\\r\\n, quotes, a byte order mark and blank trailing lines": { data: '\uFEFF"feature, one","label"\r\n"1.25",1\r\n"-2",0\r\n\r\n\r\n' },
  "escaped quotes and no final newline": { data: '"say ""hi""",label\n3,1\n4,0' },
  "lone \\r line ends": { data: "a,label\r1,0\r2,1\r3,0\r" },
  "blank lines between rows": { data: "a,label\r\n\r\n1,0\r\n\n\n2,1\r\r3,0\n" },
  "quoted line breaks and commas in an unread column": { data: 'note,a,label\n"x\ny",1,0\n"p,""q""\r\nr\rs",2,1\n"",3,0\n', options: { featureColumns: ["a"] } },
  "a quote inside an unquoted field": { data: 'note,a,label\nab"c,1,0\n"x\ny",2,1\nd"",3,0\n', options: { featureColumns: ["a"] } },
  "featureColumns by name, reordered": { data: "id,a,b,c,label\nx1,1,2,3,0\nx2,4,5,6,1\n", options: { featureColumns: ["c", "a"] } },
  "featureColumns by index without a header": { data: "1,2,0\n3,4,1\n", options: { labelColumn: "2", featureColumns: ["1", "0"] } },
  "name labels": { data: "x,species\n1,versicolor\n2,setosa\n3,virginica\n4,setosa\n", options: { labelColumn: "species" } },
  "a name after bad numeric labels": { data: "x,label\n1,10\n2,-1\n3,2\n4,1.5\n5,cat\n6,2\n" },
  "names beyond U+FFFF, trimmed, gzipped": { data: gzipSync("x,label\n1,\uFF21\n2, \u{1F600}\n3,b\n4,B \n5,\uFF21\n") },
  "multi-byte characters straddling chunks": { data: "x,label\n1,ééééé\n2,✓✓✓✓\n3,\u{1F600}\u{1F600}\n4,ééééé\n" },
  "iris.data: no header, a name label in the first row": { data: "5.1,3.5,Iris-setosa\n7.0,3.2,Iris-versicolor\n6.3,3.3,Iris-virginica\n", options: { labelColumn: "2" } },
  "a first row with text only in unread columns": { data: "a1,1,2,0\na2,3,4,1\n", options: { labelColumn: "3", featureColumns: ["1", "2"] } },
  "a long quoted field": { data: `note,a,label\n"${"long ".repeat(100)}\n${"x".repeat(300)}",1,0\n,2,1\n`, options: { featureColumns: ["a"] } },
};

const badCases: Record<string, CsvCase> = {
  "a bad value after a quoted line break": { data: '"multi\nline",label\n1,0\nx,1\n' },
  "a value that is not a number on row 7": { data: "a,b,c,label\n1,2,3,0\n1,2,3,1\n1,2,3,0\n1,2,3,1\n1,2,3,0\n1,2,abc,1\n" },
  "a hex value": { data: "a,label\n0x10,1\n" },
  "Infinity": { data: "a,label\nInfinity,1\n" },
  "a missing value": { data: "a,b,label\n1,,1\n" },
  "a number beyond float32": { data: "a,label\n1e39,1\n" },
  "too few columns": { data: "a,b,label\n1,2,0\n1,1\n" },
  "too many columns": { data: "a,b,label\n1,2,0\n1,2,1,5,6\n" },
  "a negative label": { data: "a,label\n1,1\n2,-1\n" },
  "a fractional label": { data: "label,a\n1.5,1\n" },
  "a label too large": { data: "a,label\n1,1\n2,3000000000\n" },
  "name labels all the same": { data: "a,label\n1,cat\n2, cat\n" },
  "a missing label": { data: "a,label\n1,\n" },
  "labels all 0": { data: "a,label\n1,0\n2,0\n" },
  "an empty file": { data: "" },
  "only blank lines": { data: "\n\r\n" },
  "a header and no data": { data: "a,label\n" },
  "a header without a newline": { data: "a,label" },
  "a header and blank lines": { data: "a,label\n\n\r\n\n" },
  "a single column": { data: "label\n1\n0\n" },
  "no label column": { data: "a,b,c\n1,2,0\n" },
  "no header and no labelColumn": { data: "1,2,0\n3,4,1\n" },
  "a wide header and no label column": { data: `${wideHeader}\n${"1,".repeat(29)}1\n` },
  "a labelColumn naming no column": { data: "a,b\n1,0\n", options: { labelColumn: "c" } },
  "a labelColumn index out of range": { data: "a,b\n1,0\n", options: { labelColumn: "2" } },
  "an unterminated quoted field": { data: 'a,label\n"1,0\n' },
  "an unterminated quoted field over many lines": { data: `a,label\n1,0\n2,"1\n${"3,1\n".repeat(40)}` },
  "text after a closing quote": { data: 'a,label\n"1"x,0\n' },
  "an unknown feature column": { data: abc, options: { featureColumns: ["a", "z"] } },
  "a feature column index out of range": { data: abc, options: { featureColumns: ["3"] } },
  "a feature column index beyond a headerless file": { data: "1,2,0\n", options: { labelColumn: "2", featureColumns: ["7"] } },
  "the label as a feature column": { data: abc, options: { featureColumns: ["a", "label"] } },
  "a feature column listed twice": { data: abc, options: { featureColumns: ["a", "0"] } },
  "an empty featureColumns": { data: abc, options: { featureColumns: [] } },
  "a short row with featureColumns": { data: "a,b,label\n1,2,0\n1,1\n", options: { featureColumns: ["a"] } },
  "a missing name label": { data: "x,label\n1,cat\n2,dog\n3,\n" },
  "a bad value with name labels": { data: "x,label\n1,cat\nabc,dog\n" },
  "a bad numeric label when every label is a number": { data: "x,label\n1,1\n2,-3\n3,0\n" },
  "a bad value after many rows": { data: `${many}1,2,x,0\n` },
  "a bad value after many rows and a name label": { data: `a,b,c,label\n1,2,3,cat\n${many.slice(many.indexOf("\n") + 1)}1,2,x,0\n` },
  "broken gzip": { data: gzipSync(fixture).subarray(0, 20) },
};

const chunkSizes = [7, 64, undefined];

describe("convertCsvFile", () => {
  for (const [cases, good] of [[goodCases, true], [badCases, false]] as const) {
    for (const [name, { data, options = {} }] of Object.entries(cases)) {
      test(`gives what parseCsvDataset gives for ${name}`, async () => {
        const bytes = typeof data === "string" ? Buffer.from(data) : data;
        const expected = parsedOutcome(() => parseCsvDataset(bytes, options));
        for (const chunkBytes of chunkSizes) {
          const converted = await convertedOutcome(dir, { data: bytes }, convertCsvFile, { ...options, ...(chunkBytes === undefined ? {} : { chunkBytes }) });
          assertSameOutcome(`${name} (chunks of ${chunkBytes ?? "default"} bytes)`, good, converted, expected);
        }
      });
    }
  }

  test("gives what parseCsvDataset gives for random rows of quotes, line breaks and names, cut anywhere", async () => {
    const random = makeRandom(11);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const notes = ["", "x", '"a\nb"', '"a""b"', 'a"b', '"\r\n"', "é✓", '"\r"', "\u{1F600}", '"a,b\n\n"', '"x"y', '"open'];
    const labels = ["0", "1", "2", "0", "1", "2", "cat", " dog", "-1", ""];
    const ends = ["\n", "\n", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n"];
    let converted = 0;
    for (let n = 0; n < 60; n++) {
      let text = random() < 0.5 ? "note,a,label\n" : "";
      for (let row = 1 + random() * 8; row > 0; row--) text += `${pick(notes)},${(random() * 5).toFixed(1)},${pick(labels)}${pick(ends)}`;
      const bytes = Buffer.from(text);
      const options = { labelColumn: "2", featureColumns: ["1"] };
      const expected = parsedOutcome(() => parseCsvDataset(bytes, options));
      if ("data" in expected) converted++;
      for (const chunkBytes of [1, 3, 7]) {
        assert.deepEqual(await convertedOutcome(dir, { data: bytes }, convertCsvFile, { ...options, chunkBytes }), expected, JSON.stringify(text));
      }
    }
    assert.ok(converted >= 10 && converted <= 50, `${converted} of 60 converted: the mix should give both outcomes`);
  });

  test("refuses a gzipped file that decompresses beyond the limit, as parseCsvDataset does", async () => {
    const bytes = gzipSync(fixture);
    const limit = fixture.length - 1;
    const expected = parsedOutcome(() => parseCsvDataset(bytes, { maxDecompressedBytes: limit }));
    assertSameOutcome("over the limit", false, await convertedOutcome(dir, { data: bytes }, convertCsvFile, { maxDecompressedBytes: limit }), expected);
  });

  test("gives the parser's error for a quoted field left open in a record longer than maxRecordChars", async () => {
    for (const data of [`a,label\n1,0\n2,"${"x\n".repeat(200)}`, `a,label\n1,0\n2,1\nq,"${"x".repeat(300)}`, `"${"x".repeat(300)}`]) {
      const bytes = Buffer.from(data);
      const expected = parsedOutcome(() => parseCsvDataset(bytes));
      for (const chunkBytes of [7, 64, 1000]) {
        const converted = await convertedOutcome(dir, { data: bytes }, convertCsvFile, { chunkBytes, maxRecordChars: 50 });
        assertSameOutcome(`open quote (chunks of ${chunkBytes})`, false, converted, expected);
      }
    }
  });

  test("refuses a record longer than maxRecordChars, naming its row", async () => {
    const cases: [string, number][] = [
      [`a,label\n1,0\n\n${"1".repeat(300)},1\n2,0\n`, 4],
      [`a,label\n1,0\n"${"x".repeat(300)}",1,"2\n`, 3],
      [`a,label\n1,0\n${"2".repeat(300)},1`, 3],
      [`a,label\n1,0\n2,"${"x".repeat(300)}"`, 3],
      [`a,label\n1,0\n2,"${"x".repeat(300)}"\r`, 3],
    ];
    for (const [data, row] of cases) {
      for (const chunkBytes of [7, 64]) {
        const converted = await convertedOutcome(dir, { data: Buffer.from(data) }, convertCsvFile, { chunkBytes, maxRecordChars: 50 });
        assert.deepEqual(converted, {
          error: { name: "DatasetFormatError", message: `a row longer than 50 characters cannot be read; is a quoted field not closed? (row ${row})`, location: { row } },
        });
      }
    }
  });

  test("refuses more classes than maxClasses before counting them", async () => {
    const converted = await convertedOutcome(dir, { data: Buffer.from("a,label\n1,0\n2,4\n") }, convertCsvFile, { maxClasses: 4 });
    assert.ok("error" in converted && converted.error.name === "InvalidInputError", JSON.stringify(converted));
  });
});
