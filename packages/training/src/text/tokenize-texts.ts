import { splitWords } from "./split-words.js";
import { unkId, type Vocabulary } from "./vocabulary.js";

/**
 * Token ids of every text, `sequenceLength` per text, row-major: each text's words (see
 * splitWords) mapped to their vocabulary ids (unknown words to 1), cut after the first
 * `sequenceLength` words, and padded with 0 at the start ("pre", as Keras's pad_sequences): a
 * recurrent layer then reads the words last, right before its output, instead of a run of padding.
 *
 * @throws RangeError when sequenceLength is not a positive integer.
 */
export function tokenizeTexts(texts: readonly string[], vocabulary: Vocabulary, sequenceLength: number): Int32Array {
  if (!Number.isInteger(sequenceLength) || sequenceLength < 1) {
    throw new RangeError(`sequenceLength must be a positive integer, got ${sequenceLength}`);
  }
  const ids = new Map<string, number>();
  // Ids 0 and 1 are "<pad>" and "<unk>", which no word can equal.
  for (let id = 2; id < vocabulary.tokens.length; id++) ids.set(vocabulary.tokens[id] ?? "", id);

  // A new Int32Array is all 0, which is padId: only the words are written.
  const out = new Int32Array(texts.length * sequenceLength);
  texts.forEach((text, n) => {
    const words = splitWords(text);
    const length = Math.min(words.length, sequenceLength);
    const offset = n * sequenceLength + (sequenceLength - length);
    for (let i = 0; i < length; i++) out[offset + i] = ids.get(words[i] ?? "") ?? unkId;
  });
  return out;
}
