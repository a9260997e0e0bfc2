/** A vocab.json is not one this package can read; the message says which field is wrong. */
export class VocabularyFormatError extends Error {
  constructor(message: string) {
    super(`vocab.json: ${message}`);
    this.name = "VocabularyFormatError";
  }
}
