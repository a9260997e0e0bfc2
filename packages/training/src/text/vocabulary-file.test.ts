import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { buildVocabulary } from "./build-vocabulary.js";
import { parseVocabulary } from "./parse-vocabulary.js";
import { serializeVocabulary } from "./serialize-vocabulary.js";
import { tokenizeTexts } from "./tokenize-texts.js";
import { VocabularyFormatError } from "./vocabulary-format-error.js";

const texts = ["An excellent film", "a dull film", "Excellent acting, dull plot"];
const vocabulary = buildVocabulary(texts, Int32Array.from([0, 1, 2]), 1000);

function edited(change: (file: Record<string, unknown>) => void): Uint8Array {
  const file = JSON.parse(Buffer.from(serializeVocabulary(vocabulary, 8)).toString("utf8")) as Record<string, unknown>;
  change(file);
  return Buffer.from(JSON.stringify(file));
}

describe("serializeVocabulary", () => {
  test("writes the documented trainyard-vocab-v1 JSON with the tokenizer rule", () => {
    const file = JSON.parse(Buffer.from(serializeVocabulary(vocabulary, 8)).toString("utf8")) as Record<string, unknown>;
    assert.deepEqual(Object.keys(file), [
      "format", "description", "lowercase", "wordPattern", "wordPatternFlags", "sequenceLength",
      "padding", "truncating", "padId", "unkId", "vocabSize", "tokens",
    ]);
    assert.equal(file.format, "trainyard-vocab-v1");
    assert.equal(file.sequenceLength, 8);
    assert.equal(file.padId, 0);
    assert.equal(file.unkId, 1);
    assert.equal(file.vocabSize, 1000);
    assert.deepEqual(file.tokens, vocabulary.tokens);
    assert.match(String(file.description), /lowercase it, take every match of wordPattern/);
  });

  test("lets a reader of the file alone tokenize raw text exactly as the model was trained", () => {
    const file = JSON.parse(Buffer.from(serializeVocabulary(vocabulary, 6)).toString("utf8")) as {
      wordPattern: string; wordPatternFlags: string; tokens: string[]; unkId: number; padId: number; sequenceLength: number;
    };
    const raw = "EXCELLENT plot; unseen-words!";
    // Follows only the steps in the file's description.
    const words = raw.toLowerCase().match(new RegExp(file.wordPattern, file.wordPatternFlags)) ?? [];
    const ids = words.map((word) => { const id = file.tokens.indexOf(word); return id === -1 ? file.unkId : id; });
    const input = [...ids.slice(0, file.sequenceLength)];
    while (input.length < file.sequenceLength) input.unshift(file.padId);
    assert.deepEqual(input, [...tokenizeTexts([raw], vocabulary, 6)]);
  });

  test("rejects a sequenceLength that is not a positive integer", () => {
    assert.throws(() => serializeVocabulary(vocabulary, 0), RangeError);
  });
});

describe("parseVocabulary", () => {
  test("reads back what serializeVocabulary wrote", () => {
    assert.deepEqual(parseVocabulary(serializeVocabulary(vocabulary, 8)), { vocabulary, sequenceLength: 8 });
  });

  test("rejects files it cannot tokenize with, naming the field", () => {
    const cases: [Uint8Array, RegExp][] = [
      [Buffer.from("{"), /vocab\.json: not JSON/],
      [Buffer.from("[]"), /not a JSON object/],
      [Buffer.from("{}"), /format must be "trainyard-vocab-v1", got nothing/],
      [edited((f) => (f.format = "other")), /format must be "trainyard-vocab-v1", got "other"/],
      [edited((f) => (f.wordPattern = "\\w+")), /wordPattern must be/],
      [edited((f) => (f.padId = 5)), /padId must be 0, got 5/],
      [edited((f) => (f.sequenceLength = 0)), /sequenceLength must be a positive integer/],
      [edited((f) => (f.vocabSize = 3)), /tokens holds \d+ entries, more than vocabSize 3/],
      [edited((f) => (f.tokens = ["<unk>", "<pad>"])), /tokens must start with "<pad>", "<unk>"/],
      [edited((f) => (f.tokens = ["<pad>", "<unk>", 3])), /tokens must be an array of strings/],
    ];
    for (const [bytes, message] of cases) {
      assert.throws(() => parseVocabulary(bytes), (error: unknown) => error instanceof VocabularyFormatError && message.test(error.message));
    }
  });
});
