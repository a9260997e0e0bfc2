import { padId, unkId, type Vocabulary } from "./vocabulary.js";
import { vocabularyDescription, vocabularyFormat, type VocabularyFile } from "./vocabulary-file.js";
import { wordPattern } from "./split-words.js";

/**
 * The bytes of vocab.json (UTF-8 JSON, see {@link VocabularyFile}) for a model trained on
 * `tokenizeTexts(texts, vocabulary, sequenceLength)`: the vocabulary with the word rule, padding
 * and unknown-word ids, so a user of the downloaded model can tokenize raw text the same way.
 *
 * @throws RangeError when sequenceLength is not a positive integer.
 */
export function serializeVocabulary(vocabulary: Vocabulary, sequenceLength: number): Uint8Array {
  if (!Number.isInteger(sequenceLength) || sequenceLength < 1) {
    throw new RangeError(`sequenceLength must be a positive integer, got ${sequenceLength}`);
  }
  const file: VocabularyFile = {
    format: vocabularyFormat,
    description: vocabularyDescription,
    lowercase: true,
    wordPattern,
    wordPatternFlags: "gu",
    sequenceLength,
    padding: "pre",
    truncating: "post",
    padId,
    unkId,
    vocabSize: vocabulary.vocabSize,
    tokens: vocabulary.tokens,
  };
  return Buffer.from(`${JSON.stringify(file, null, 2)}\n`, "utf8");
}
