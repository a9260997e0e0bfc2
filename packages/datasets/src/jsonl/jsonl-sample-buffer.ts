import { DatasetFormatError, type ParsedDataset } from "@trainyard/domain";
import { describeJson, fieldError, type JsonlKind, type JsonlRecord } from "./jsonl-record.js";

const float32Max = 3.4028234663852886e38;
const int32Max = 2 ** 31 - 1;

/** Longest token line accepted: the contract's largest RNN sequenceLength. */
export const maxTokensPerLine = 2000;
/** Most token ids after padding (1 GiB of int32). */
const maxPaddedTokens = 256 * 1024 * 1024;

/** The input values stored since the last `takeStored` (one kind: the file's). */
export type StoredJsonlValues =
  | { kind: "text"; texts: string[] }
  | { kind: "tokens"; ids: Int32Array }
  | { kind: "features"; features: Float32Array }
  | { kind: undefined };

/**
 * The samples of a JSONL file, line by line, with the checks that span lines: every line uses the
 * kind of the first, every `features` array has the first one's length. Token ids are kept in one
 * growing Int32Array (not one JS array per line) so a 50 MB file stays compact.
 *
 * The in-memory parser keeps every sample and calls `finish`; the file converter calls
 * `takeStored` after each chunk of lines (writing the values out, so only a chunk's worth is held)
 * and `checkComplete` at the end. Labels and each line's token count are always kept (4 and 2
 * bytes a sample).
 */
export class JsonlSampleBuffer {
  count = 0;
  /** Largest label added, -1 before any. */
  maxLabel = -1;
  /** The kind of the first line, which every line must share. */
  kind: JsonlKind | undefined;
  /** 1-based line number of the first sample. */
  firstRow = 0;
  /** Most token ids on a line (the padded length). */
  maxLength = 0;
  private labels = new Int32Array(1024);
  private texts: string[] = [];
  /** Token ids of the lines since the last `takeStored`, back to back. */
  private tokenIds = new Int32Array(4096);
  private tokenFill = 0;
  /** Each line's number of token ids (at most maxTokensPerLine, so 16 bits suffice). */
  private tokenLengths = new Uint16Array(1024);
  private features = new Float32Array(4096);
  private featureFill = 0;
  private featureCount = 0;

  /**
   * Checks and stores one line's record.
   * @throws DatasetFormatError at `row` for a kind other than the first line's, a `features`
   *   array of another length than the first one's or holding a non-number or a value beyond
   *   float32, or a token id that is not an integer in 0..2^31-1.
   */
  add(record: JsonlRecord, line: string, row: number): void {
    if (this.kind === undefined) {
      this.kind = record.kind;
      this.firstRow = row;
    } else if (record.kind !== this.kind) {
      throw fieldError(line, row, record.kind, `is used here but line ${this.firstRow} uses "${this.kind}": every line must use the same kind`);
    }
    if (record.kind === "text") this.texts.push(record.text);
    else if (record.kind === "tokens") this.addTokens(record.tokens, line, row);
    else this.addFeatures(record.features, line, row);
    if (this.count === this.labels.length) this.labels = grow(this.labels, this.count + 1);
    this.labels[this.count] = record.label;
    if (record.label > this.maxLabel) this.maxLabel = record.label;
    this.count++;
  }

  /**
   * The checks made once every line is in; returns numClasses (the largest label + 1).
   * @throws DatasetFormatError for an empty file, fewer than 2 classes, every `tokens` array
   *   empty, or token lines that padded to the longest one exceed 256 Mi ids.
   */
  checkComplete(): number {
    const { count, maxLength } = this;
    if (count === 0) throw new DatasetFormatError("the file is empty", { row: 1 });
    if (this.maxLabel < 1) throw new DatasetFormatError("labels must span at least 2 classes, but every label is 0", { row: this.firstRow });
    if (this.kind !== "tokens") return this.maxLabel + 1;
    if (maxLength === 0) throw new DatasetFormatError(`every "tokens" array is empty`, { row: this.firstRow });
    if (count * maxLength > maxPaddedTokens) {
      // Padding every line to the longest one could turn a small upload into gigabytes.
      throw new DatasetFormatError(
        `padding ${count} lines to the longest one (${maxLength} ids) needs ${count * maxLength} ids, over the limit of ${maxPaddedTokens}; shorten the longest lines`,
        { row: this.firstRow },
      );
    }
    return this.maxLabel + 1;
  }

  /**
   * The values stored since the last call (views of internal buffers, valid until the next
   * `add`), which are then forgotten so memory stays at one chunk's worth.
   */
  takeStored(): StoredJsonlValues {
    const { kind } = this;
    if (kind === "text") {
      const texts = this.texts;
      this.texts = [];
      return { kind, texts };
    }
    if (kind === "tokens") {
      const ids = this.tokenIds.subarray(0, this.tokenFill);
      this.tokenFill = 0;
      return { kind, ids };
    }
    if (kind === "features") {
      const features = this.features.subarray(0, this.featureFill);
      this.featureFill = 0;
      return { kind, features };
    }
    return { kind };
  }

  /** Every line's label, in order (a view). */
  labelArray(): Int32Array {
    return this.labels.subarray(0, this.count);
  }

  /** Every line's number of token ids, in order (a view; zeros unless the kind is tokens). */
  tokenLengthArray(): Uint16Array {
    return this.tokenLengths.subarray(0, this.count);
  }

  /** The stored dtype and featureShape: text []; tokens int32 [maxLength]; features float32 [F]. */
  shape(): Pick<ParsedDataset, "dtype" | "featureShape"> {
    if (this.kind === "text") return { dtype: "text", featureShape: [] };
    return this.kind === "tokens" ? { dtype: "int32", featureShape: [this.maxLength] } : { dtype: "float32", featureShape: [this.featureCount] };
  }

  /**
   * The dataset (after `checkComplete`): text as given; tokens 0-padded at the start to the
   * longest line (featureShape [maxLength], int32); features float32 of featureShape [F].
   * Only for a buffer never emptied by `takeStored`.
   * @throws DatasetFormatError as `checkComplete` does.
   */
  finish(): ParsedDataset {
    const numClasses = this.checkComplete();
    const { count } = this;
    const labels = this.labels.slice(0, count);
    if (this.kind === "text") return { count, featureShape: [], dtype: "text", numClasses, texts: this.texts, labels };
    if (this.kind === "features") {
      return { count, featureShape: [this.featureCount], dtype: "float32", numClasses, features: this.features.slice(0, this.featureFill), labels };
    }
    return { count, featureShape: [this.maxLength], dtype: "int32", numClasses, features: this.padTokens(), labels };
  }

  private addTokens(tokens: unknown[], line: string, row: number): void {
    if (tokens.length > maxTokensPerLine) {
      throw fieldError(line, row, "tokens", `has ${tokens.length} ids; at most ${maxTokensPerLine} per line are supported (the longest RNN sequenceLength)`);
    }
    const start = this.tokenFill;
    if (start + tokens.length > this.tokenIds.length) this.tokenIds = grow(this.tokenIds, start + tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const id = tokens[i];
      if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id > int32Max) {
        throw fieldError(line, row, "tokens", `must be an integer token id in 0..${int32Max}, got ${describeJson(id)}`, i);
      }
      this.tokenIds[start + i] = id;
    }
    this.tokenFill += tokens.length;
    if (tokens.length > this.maxLength) this.maxLength = tokens.length;
    if (this.count === this.tokenLengths.length) this.tokenLengths = grow(this.tokenLengths, this.count + 1);
    this.tokenLengths[this.count] = tokens.length;
  }

  private addFeatures(values: unknown[], line: string, row: number): void {
    if (this.count === 0) {
      if (values.length === 0) throw fieldError(line, row, "features", "must not be empty");
      this.featureCount = values.length;
    } else if (values.length !== this.featureCount) {
      throw fieldError(line, row, "features", `has ${values.length} values, expected ${this.featureCount} as on line ${this.firstRow}`);
    }
    const start = this.featureFill;
    if (start + values.length > this.features.length) this.features = grow(this.features, start + values.length);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (typeof value !== "number") throw fieldError(line, row, "features", `must be a number, got ${describeJson(value)}`, i);
      if (Math.abs(value) > float32Max) throw fieldError(line, row, "features", `is out of float32 range: ${value}`, i);
      this.features[start + i] = value;
    }
    this.featureFill += values.length;
  }

  /** Copies each line's ids to the end of its row of maxLength; the start stays 0 (padding, "pre" as Keras pads). */
  private padTokens(): Int32Array {
    const { count, maxLength } = this;
    const padded = new Int32Array(count * maxLength);
    let from = 0;
    for (let n = 0; n < count; n++) {
      const length = this.tokenLengths[n] ?? 0;
      padded.set(this.tokenIds.subarray(from, from + length), (n + 1) * maxLength - length);
      from += length;
    }
    return padded;
  }
}

/** A copy of `array` with room for at least `needed` elements (capacity doubles). */
function grow<T extends Int32Array | Uint16Array | Float32Array>(array: T, needed: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}
