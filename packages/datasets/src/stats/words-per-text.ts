/** What counts as a word: a run of letters, marks and digits. */
const wordPattern = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * Running min, max and mean of words per text, fed texts one at a time in order: the same result
 * whether a text dataset is held whole or converted in chunks.
 */
export class WordsPerText {
  private min = Infinity;
  private max = 0;
  private sum = 0;
  private count = 0;

  add(text: string): void {
    const words = text.match(wordPattern)?.length ?? 0;
    this.min = Math.min(this.min, words);
    this.max = Math.max(this.max, words);
    this.sum += words;
    this.count++;
  }

  /** Zeros when no text was added. */
  result(): { min: number; max: number; mean: number } {
    const { count } = this;
    return { min: count === 0 ? 0 : this.min, max: this.max, mean: count === 0 ? 0 : this.sum / count };
  }
}
