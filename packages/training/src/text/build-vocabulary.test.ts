import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { buildVocabulary } from "./build-vocabulary.js";
import { splitWords, wordPattern } from "./split-words.js";

describe("splitWords", () => {
  test("lowercases and splits on anything but letters, marks and digits", () => {
    assert.deepEqual(splitWords("Don't STOP!  It's 2024,ok?"), ["don", "t", "stop", "it", "s", "2024", "ok"]);
    assert.deepEqual(splitWords("snake_case-and.dots"), ["snake", "case", "and", "dots"]);
    assert.deepEqual(splitWords("  \n\t!?"), []);
  });

  test("keeps Unicode letters, including combining marks inside a word", () => {
    assert.deepEqual(splitWords("Café NAÏVE Ελληνικά हिन्दी 東京"), ["café", "naïve", "ελληνικά", "हिन्दी", "東京"]);
  });

  test("exposes the rule as a regular expression source usable with the gu flags", () => {
    const text = "Hello, Wörld 42!";
    assert.deepEqual(text.toLowerCase().match(new RegExp(wordPattern, "gu")), splitWords(text));
  });
});

describe("buildVocabulary", () => {
  const texts = ["the cat sat", "The dog sat!", "a cat, a dog, a bird", "zebra zebra zebra zebra"];

  test("puts <pad> and <unk> first, then words by frequency with ties in alphabetical order", () => {
    const vocabulary = buildVocabulary(texts, Int32Array.from([0, 1, 2]), 100);
    assert.deepEqual(vocabulary, {
      vocabSize: 100,
      tokens: ["<pad>", "<unk>", "a", "cat", "dog", "sat", "the", "bird"],
      lowercase: true,
    });
  });

  test("counts only the texts of the training split", () => {
    const vocabulary = buildVocabulary(texts, Int32Array.from([3, 0]), 100);
    assert.deepEqual(vocabulary.tokens, ["<pad>", "<unk>", "zebra", "cat", "sat", "the"]);
  });

  test("keeps the vocabSize - 2 most frequent words", () => {
    const vocabulary = buildVocabulary(texts, Int32Array.from([0, 1, 2, 3]), 5);
    assert.deepEqual(vocabulary.tokens, ["<pad>", "<unk>", "zebra", "a", "cat"]);
    assert.equal(vocabulary.vocabSize, 5);
  });

  test("is the same whatever the order of the training indices", () => {
    const a = buildVocabulary(texts, Int32Array.from([0, 1, 2, 3]), 6);
    const b = buildVocabulary(texts, Int32Array.from([3, 2, 1, 0]), 6);
    assert.deepEqual(a, b);
  });

  test("rejects a vocabSize below 2 and an index outside the texts", () => {
    assert.throws(() => buildVocabulary(texts, Int32Array.from([0]), 1), /vocabSize must be an integer >= 2, got 1/);
    assert.throws(() => buildVocabulary(texts, Int32Array.from([0]), 2.5), RangeError);
    assert.throws(() => buildVocabulary(texts, Int32Array.from([4]), 10), /index 4 is outside the 4 texts/);
  });

  test("builds a 10,000-word vocabulary from 50 MB of text in a few seconds", () => {
    const words = Array.from({ length: 30_000 }, (_, i) => `w${i.toString(36)}`);
    const sample = Array.from({ length: 60 }, (_, j) => words[(j * 7919) % words.length]).join(" ");
    const all = Array.from({ length: 50_000_000 / sample.length }, (_, i) => `${sample} ${words[i % words.length]}`);
    const started = performance.now();
    const vocabulary = buildVocabulary(all, Int32Array.from(all.keys()), 10_000);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(vocabulary.tokens.length, 10_000);
    assert.ok(seconds < 10, `took ${seconds.toFixed(2)} s`);
  });
});
