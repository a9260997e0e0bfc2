/** Token id of padding: sequences shorter than the model's sequenceLength start with it. */
export const padId = 0;
/** Token id of every word that is not in the vocabulary. */
export const unkId = 1;
/** The tokens at ids 0 and 1. Neither can be a word: "<" and ">" separate words. */
export const padToken = "<pad>";
export const unkToken = "<unk>";

/** A word vocabulary: token id = index in `tokens`. */
export interface Vocabulary {
  /**
   * The model's vocabulary size (its Embedding's input dimension): every id is below it. `tokens`
   * may be shorter when the training texts hold fewer distinct words.
   */
  vocabSize: number;
  /** `tokens[id]` is the word with that id; tokens[0] is "<pad>", tokens[1] is "<unk>". */
  tokens: string[];
  /** Texts are lowercased before they are split into words (always true). */
  lowercase: true;
}
