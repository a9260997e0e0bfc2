import { wordPattern } from "./split-words.js";
import { padId, padToken, unkId, unkToken, type Vocabulary } from "./vocabulary.js";
import { vocabularyFormat } from "./vocabulary-file.js";
import { VocabularyFormatError } from "./vocabulary-format-error.js";

/** What a vocab.json holds for tokenizing: the vocabulary and the model's sequence length. */
export interface ParsedVocabulary {
  vocabulary: Vocabulary;
  sequenceLength: number;
}

/**
 * Reads the vocab.json written by serializeVocabulary, for tokenizing text for a saved model.
 *
 * @throws VocabularyFormatError when the bytes are not JSON, the format is not
 *   "trainyard-vocab-v1", the word rule or pad/unk ids differ from this package's, or
 *   sequenceLength, vocabSize or tokens are invalid.
 */
export function parseVocabulary(bytes: Uint8Array): ParsedVocabulary {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch (error) {
    throw new VocabularyFormatError(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new VocabularyFormatError("not a JSON object");
  const file = value as Record<string, unknown>;
  expect(file, "format", vocabularyFormat);
  expect(file, "lowercase", true);
  expect(file, "wordPattern", wordPattern);
  expect(file, "padId", padId);
  expect(file, "unkId", unkId);
  const { sequenceLength, vocabSize, tokens } = file;
  if (!isPositiveInteger(sequenceLength)) throw new VocabularyFormatError(`sequenceLength must be a positive integer`);
  if (!isPositiveInteger(vocabSize) || vocabSize < 2) throw new VocabularyFormatError(`vocabSize must be an integer >= 2`);
  if (!Array.isArray(tokens) || !tokens.every((token): token is string => typeof token === "string")) {
    throw new VocabularyFormatError("tokens must be an array of strings");
  }
  if (tokens[padId] !== padToken || tokens[unkId] !== unkToken) {
    throw new VocabularyFormatError(`tokens must start with "${padToken}", "${unkToken}"`);
  }
  if (tokens.length > vocabSize) {
    throw new VocabularyFormatError(`tokens holds ${tokens.length} entries, more than vocabSize ${vocabSize}`);
  }
  return { vocabulary: { vocabSize, tokens, lowercase: true }, sequenceLength };
}

function expect(file: Record<string, unknown>, key: string, expected: unknown): void {
  if (file[key] !== expected) {
    throw new VocabularyFormatError(`${key} must be ${JSON.stringify(expected)}, got ${JSON.stringify(file[key]) ?? "nothing"}`);
  }
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1;
}
