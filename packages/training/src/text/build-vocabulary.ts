import { splitWords } from "./split-words.js";
import { padToken, unkToken, type Vocabulary } from "./vocabulary.js";

/**
 * Builds a word vocabulary from the training texts only (so validation and test words stay
 * unseen): ids 0 and 1 are "<pad>" and "<unk>", then the `vocabSize - 2` most frequent words of
 * `texts[i]` for each i in `indices`, most frequent first, ties in code-unit (alphabetical for
 * ASCII) order. Deterministic: the same texts give the same vocabulary whatever their order.
 *
 * @param indices - The training split: which texts to count (each index counts once per entry).
 * @param vocabSize - The model's vocabulary size, at least 2 (ids 0..vocabSize-1).
 * @throws RangeError when vocabSize is not an integer >= 2 or an index is outside `texts`.
 */
export function buildVocabulary(texts: readonly string[], indices: Int32Array, vocabSize: number): Vocabulary {
  if (!Number.isInteger(vocabSize) || vocabSize < 2) {
    throw new RangeError(`vocabSize must be an integer >= 2, got ${vocabSize}`);
  }
  const counts = new Map<string, number>();
  for (const index of indices) {
    const text = texts[index];
    if (text === undefined) throw new RangeError(`index ${index} is outside the ${texts.length} texts`);
    for (const word of splitWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const ranked = [...counts].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0));
  const words = ranked.slice(0, vocabSize - 2).map(([word]) => word);
  return { vocabSize, tokens: [padToken, unkToken, ...words], lowercase: true };
}
