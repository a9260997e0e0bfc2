import { after, before, describe, test } from "node:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { makeFeatureJsonl, makeKeywordTextDataset, makeTokenDataset } from "../../../../tests/fixtures/jsonl.js";
import { checkClassCount } from "../files/check-class-count.js";
import { assertSameOutcome, convertedOutcome, parsedOutcome } from "../testing/conversion-outcome.js";
import { convertJsonlFile } from "./convert-jsonl-file.js";
import { parseJsonlDataset } from "./parse-jsonl-dataset.js";

/**
 * convertJsonlFile must accept and refuse exactly what parseJsonlDataset does: every case runs
 * through both, with chunks of 7 bytes, 64 bytes and the default 8 MiB (so lines, multi-byte
 * characters and a byte order mark straddle chunk boundaries), and the outcomes (stored bytes,
 * stats, maxTokenId, or the error and its row and column) must be equal.
 */
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "trainyard-convert-jsonl-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = makeKeywordTextDataset({ count: 40, seed: 3 });
const tokens = makeTokenDataset({ count: 30, maxLength: 9, seed: 3 });
const features = makeFeatureJsonl({ count: 20, features: 6, numClasses: 4, seed: 3 });
const firstText = '{"text": "a", "label": 0}\n';
const firstTokens = '{"tokens": [1, 2], "label": 0}\n';
const firstFeatures = '{"features": [1, 2, 3], "label": 0}\n';
/** Rows far from the start, so an error's row must be carried across many chunks. */
const manyTextLines = makeKeywordTextDataset({ count: 300, seed: 8 });

const goodCases: Record<string, string | Buffer> = {
  "text lines": '{"text": "Great film", "label": 1}\n{"label": 0, "text": "dull\\nplot"}\n',
  "generated text": text,
  "multi-byte texts": '{"text": "héllo wörld ça ✓ 😀 日本語のテキスト", "label": 1}\n{"text": "ünïcödé 😀😀 \\u2028 sep", "label": 0}\n{"text": "naïve café", "label": 2}\n',
  "invalid UTF-8 inside a text": Buffer.concat([Buffer.from('{"text": "bad '), Buffer.from([0xff, 0xc3]), Buffer.from(' bytes", "label": 1}\n{"text": "ok", "label": 0}\n')]),
  "token lines of varying lengths": '{"tokens": [5, 3], "label": 0}\n{"tokens": [7, 8, 9, 2], "label": 2}\n{"tokens": [], "label": 1}\n',
  "generated tokens": tokens,
  "a token line longer than a chunk": `${firstTokens}{"tokens": [${Array.from({ length: 300 }, (_, i) => i * 7919).join(", ")}], "label": 1}\n`,
  "features lines": '{"features": [1.5, -2, 3e2], "label": 1}\n{"features": [0, 0.1, 7], "label": 0}\n',
  "generated features": features,
  "gzipped text": gzipSync(text),
  "gzipped tokens": gzipSync(tokens),
  "blank lines, CRLF, a BOM, no final newline and extra keys": '\ufeff{"text": "a", "label": 0, "id": 7}\r\n\r\n  \n\t{"text": "b", "label": 1}',
  "a BOM on token lines with CRLF": `\ufeff${tokens.replaceAll("\n", "\r\n")}`,
  "blank lines at the end": `${features}\n\n  \r\n`,
};

const badCases: Record<string, string | Buffer> = {
  "invalid JSON with a column": `${firstText}{"text": "b" "label": 1}\n`,
  "invalid JSON without a column": `${firstText}\n{"text": "b", "label": }\n`,
  "an unterminated last line": `${firstText}{"text": "b`,
  "invalid JSON far down the file": `${manyTextLines}\n\n{"text": "b", "label": 1,}\n`,
  "an array line": "[1, 2]\n",
  "a string line": '"text"\n',
  "a missing label": '{"text": "a"}\n',
  "a negative label": `${firstText}{"text": "b",  "label": -1}\n`,
  "a fractional label": '{"label": 1.5, "text": "a"}\n',
  "a string label": '{"label": "1", "text": "a"}\n',
  "a too large label": '{"label": 3000000000, "text": "a"}\n',
  "a text that spells the key": '{"text": "label", "label": -2}\n',
  "no input field": '{"label": 1}\n',
  "two input fields": '{"label": 1, "text": "a", "tokens": [1]}\n',
  "mixed kinds": `${firstText}{"text": "b", "label": 1}\n{"tokens": [4], "label": 1}\n`,
  "mixed kinds far down the file": `${manyTextLines}{"features": [4], "label": 1}\n`,
  "a text that is not a string": '{"text": 12, "label": 1}\n',
  "tokens that are not an array": '{"tokens": "1 2", "label": 1}\n',
  "features that are null": '{"features": null, "label": 1}\n',
  "a fractional token id": `${firstTokens}{"label": 1, "tokens": [3, 1.5]}\n`,
  "a negative token id": `${firstTokens}{"tokens": [-1], "label": 1}\n`,
  "a string token id": `${firstTokens}{"tokens": ["7"], "label": 1}\n`,
  "a bad token id in a later chunk": `${tokens}{"tokens": [1, 2, 3e10], "label": 1}\n`,
  "a token line over 2000 ids": `${firstTokens}{"tokens": [${"1,".repeat(2000)}1], "label": 1}\n`,
  "ragged features": `${firstFeatures}\n{"features": [1, 2], "label": 1}\n`,
  "empty features": '{"features": [], "label": 1}\n',
  "a non-numeric feature": `${firstFeatures}{"features": [1, "x", 3], "label": 1}\n`,
  "a feature beyond float32": `${firstFeatures}{"features": [1, 2, 1e39], "label": 1}\n`,
  "an empty file": "",
  "only blank lines": "\n  \r\n\n",
  "only a BOM": "\ufeff",
  "only empty token lists": '\n{"tokens": [], "label": 0}\n{"tokens": [], "label": 1}\n',
  "a single class": '\n{"text": "a", "label": 0}\n{"text": "b", "label": 0}\n',
  "broken gzip": gzipSync(text).subarray(0, 30),
};

const chunkSizes = [7, 64, undefined];

describe("convertJsonlFile", () => {
  for (const [cases, shouldConvert] of [[goodCases, true], [badCases, false]] as const) {
    for (const [name, content] of Object.entries(cases)) {
      test(`gives what parseJsonlDataset gives for ${name}`, async () => {
        const data = Buffer.from(content);
        const expected = parsedOutcome(() => parseJsonlDataset(data));
        for (const chunkBytes of chunkSizes) {
          const converted = await convertedOutcome(dir, { data }, convertJsonlFile, chunkBytes === undefined ? {} : { chunkBytes });
          assertSameOutcome(`${name} (chunks of ${chunkBytes ?? "8 MiB"})`, shouldConvert, converted, expected);
        }
      });
    }
  }

  test("refuses a gzipped file that decompresses beyond the limit, as parseJsonlDataset does", async () => {
    const data = gzipSync(text);
    const limit = text.length - 1;
    const expected = parsedOutcome(() => parseJsonlDataset(data, { maxDecompressedBytes: limit }));
    assertSameOutcome("over the limit", false, await convertedOutcome(dir, { data }, convertJsonlFile, { maxDecompressedBytes: limit }), expected);
  });

  test("refuses token lines whose padded size exceeds the limit, as parseJsonlDataset does", async () => {
    // One line of 2000 ids and enough empty lines that count * 2000 passes 256 Mi ids.
    const data = Buffer.from(`{"tokens": [${"3,".repeat(1999)}3], "label": 1}\n${'{"tokens":[],"label":0}\n'.repeat(134_218)}`);
    const expected = parsedOutcome(() => parseJsonlDataset(data));
    for (const chunkBytes of [4096, undefined]) {
      assertSameOutcome("padded too large", false, await convertedOutcome(dir, { data }, convertJsonlFile, chunkBytes === undefined ? {} : { chunkBytes }), expected);
    }
  });

  test("refuses more classes than maxClasses before writing labels, as prepareDataset does after parsing", async () => {
    const data = Buffer.from('{"text": "a", "label": 0}\n{"text": "b", "label": 12}\n');
    const expected = parsedOutcome(() => {
      const parsed = parseJsonlDataset(data);
      checkClassCount(parsed.numClasses, 10);
      return parsed;
    });
    assertSameOutcome("too many classes", false, await convertedOutcome(dir, { data }, convertJsonlFile, { maxClasses: 10, chunkBytes: 7 }), expected);
  });
});
