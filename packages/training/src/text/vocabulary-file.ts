/** The `format` value of a vocab.json this package writes. */
export const vocabularyFormat = "trainyard-vocab-v1";

/**
 * The content of vocab.json, saved next to a text model's model.json: everything needed to turn
 * raw text into the model's input, in any language.
 */
export interface VocabularyFile {
  format: typeof vocabularyFormat;
  /** The steps, in words, for a reader of the file. */
  description: string;
  /** Lowercase the text before matching words (always true). */
  lowercase: true;
  /** ECMAScript regular expression source of a word; use with the flags in `wordPatternFlags`. */
  wordPattern: string;
  wordPatternFlags: "gu";
  /** Ids per sample: the model's input length. */
  sequenceLength: number;
  /** Where short sequences get padId: "pre" (the start). */
  padding: "pre";
  /** Which end of long sequences is cut: "post" (the end). */
  truncating: "post";
  padId: number;
  unkId: number;
  /** The model's vocabulary size (ids below it); `tokens` may be shorter. */
  vocabSize: number;
  /** `tokens[id]` is the word with that id. */
  tokens: string[];
}

export const vocabularyDescription =
  "To turn a text into model input: lowercase it, take every match of wordPattern in order, " +
  "replace each word by its index in tokens (unkId when absent), keep the first sequenceLength " +
  "ids and put padId before them until there are sequenceLength. " +
  "JavaScript: text.toLowerCase().match(new RegExp(wordPattern, 'gu')). " +
  "Python: regex.findall(wordPattern, text.lower()) with the 'regex' package.";
