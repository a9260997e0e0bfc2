import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { TextDataset } from "@trainyard/domain";
import { buildVocabulary } from "./build-vocabulary.js";
import { textToNumericDataset } from "./text-to-numeric-dataset.js";
import { tokenizeTexts } from "./tokenize-texts.js";
import type { Vocabulary } from "./vocabulary.js";

const vocabulary: Vocabulary = { vocabSize: 10, tokens: ["<pad>", "<unk>", "the", "cat", "sat"], lowercase: true };

describe("tokenizeTexts", () => {
  test("maps words to ids, unknown words to 1, and pads with 0 at the start", () => {
    const ids = tokenizeTexts(["The cat sat.", "the DOG sat", ""], vocabulary, 5);
    assert.ok(ids instanceof Int32Array);
    assert.deepEqual([...ids], [0, 0, 2, 3, 4, 0, 0, 2, 1, 4, 0, 0, 0, 0, 0]);
  });

  test("keeps the first sequenceLength words of a long text", () => {
    assert.deepEqual([...tokenizeTexts(["sat the cat the cat"], vocabulary, 3)], [4, 2, 3]);
  });

  test("never maps a word to <pad> or <unk> by their spelling", () => {
    assert.deepEqual([...tokenizeTexts(["<pad> <unk> pad unk"], vocabulary, 4)], [1, 1, 1, 1]);
  });

  test("rejects a sequenceLength that is not a positive integer", () => {
    assert.throws(() => tokenizeTexts(["a"], vocabulary, 0), /sequenceLength must be a positive integer, got 0/);
    assert.throws(() => tokenizeTexts(["a"], vocabulary, 1.5), RangeError);
  });
});

describe("textToNumericDataset", () => {
  test("turns a text dataset into int32 ids of shape [sequenceLength], keeping labels and classes", () => {
    const dataset: TextDataset = {
      count: 3,
      featureShape: [],
      dtype: "text",
      numClasses: 3,
      texts: ["good movie", "bad movie", "good good good ending"],
      labels: Int32Array.from([1, 0, 2]),
    };
    const vocab = buildVocabulary(dataset.texts, Int32Array.from([0, 1]), 100);
    assert.deepEqual(vocab.tokens, ["<pad>", "<unk>", "movie", "bad", "good"]);
    const numeric = textToNumericDataset(dataset, vocab, 3);
    assert.deepEqual(numeric, {
      count: 3,
      featureShape: [3],
      dtype: "int32",
      numClasses: 3,
      features: Int32Array.from([0, 4, 2, 0, 3, 2, 4, 4, 4]),
      labels: dataset.labels,
    });
  });
});
