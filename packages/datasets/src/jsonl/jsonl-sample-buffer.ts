import { DatasetFormatError, type ParsedDataset } from "@trainyard/domain";
import { describeJson, fieldError, type JsonlKind, type JsonlRecord } from "./jsonl-record.js";

const float32Max = 3.4028234663852886e38;
const int32Max = 2 ** 31 - 1;

/**
 * The samples of a JSONL file, line by line, with the checks that span lines: every line uses the
 * kind of the first, every `features` array has the first one's length. Token ids are kept in one
 * growing Int32Array (not one JS array per line) so a 50 MB file stays compact.
 */
/** Longest token line accepted: the contract's largest RNN sequenceLength. */
const maxTokensPerLine = 2000;
/** Most token ids after padding (1 GiB of int32). */
const maxPaddedTokens = 256 * 1024 * 1024;

export class JsonlSampleBuffer {
  count = 0;
  /** Largest label added, -1 before any. */
  maxLabel = -1;
  /** The kind of the first line, which every line must share. */
  kind: JsonlKind | undefined;
  /** 1-based line number of the first sample. */
  firstRow = 0;
  private labels = new Int32Array(1024);
  private readonly texts: string[] = [];
  /** Token ids of every line, back to back; `tokenEnds[i]` is where line i's ids end. */
  private tokenIds = new Int32Array(4096);
  private tokenEnds = new Int32Array(1024);
  private tokenCount = 0;
  private maxLength = 0;
  private features = new Float32Array(4096);
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
   * The dataset: text as given; tokens 0-padded at the start to the longest line (featureShape
   * [maxLength], int32); features float32 of featureShape [F].
   * @throws DatasetFormatError when every `tokens` array is empty.
   */
  finish(numClasses: number): ParsedDataset {
    const { count } = this;
    const labels = this.labels.slice(0, count);
    if (this.kind === "text") return { count, featureShape: [], dtype: "text", numClasses, texts: this.texts, labels };
    if (this.kind === "features") {
      const features = this.features.slice(0, count * this.featureCount);
      return { count, featureShape: [this.featureCount], dtype: "float32", numClasses, features, labels };
    }
    if (this.maxLength === 0) throw new DatasetFormatError(`every "tokens" array is empty`, { row: this.firstRow });
    if (count * this.maxLength > maxPaddedTokens) {
      // Padding every line to the longest one could turn a small upload into gigabytes.
      throw new DatasetFormatError(
        `padding ${count} lines to the longest one (${this.maxLength} ids) needs ${count * this.maxLength} ids, over the limit of ${maxPaddedTokens}; shorten the longest lines`,
        { row: this.firstRow },
      );
    }
    return { count, featureShape: [this.maxLength], dtype: "int32", numClasses, features: this.padTokens(), labels };
  }

  private addTokens(tokens: unknown[], line: string, row: number): void {
    if (tokens.length > maxTokensPerLine) {
      throw fieldError(line, row, "tokens", `has ${tokens.length} ids; at most ${maxTokensPerLine} per line are supported (the longest RNN sequenceLength)`);
    }
    const start = this.tokenCount;
    if (start + tokens.length > this.tokenIds.length) this.tokenIds = grow(this.tokenIds, start + tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const id = tokens[i];
      if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id > int32Max) {
        throw fieldError(line, row, "tokens", `must be an integer token id in 0..${int32Max}, got ${describeJson(id)}`, i);
      }
      this.tokenIds[start + i] = id;
    }
    this.tokenCount += tokens.length;
    if (tokens.length > this.maxLength) this.maxLength = tokens.length;
    if (this.count === this.tokenEnds.length) this.tokenEnds = grow(this.tokenEnds, this.count + 1);
    this.tokenEnds[this.count] = this.tokenCount;
  }

  private addFeatures(values: unknown[], line: string, row: number): void {
    if (this.count === 0) {
      if (values.length === 0) throw fieldError(line, row, "features", "must not be empty");
      this.featureCount = values.length;
    } else if (values.length !== this.featureCount) {
      throw fieldError(line, row, "features", `has ${values.length} values, expected ${this.featureCount} as on line ${this.firstRow}`);
    }
    const start = this.count * this.featureCount;
    if (start + values.length > this.features.length) this.features = grow(this.features, start + values.length);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (typeof value !== "number") throw fieldError(line, row, "features", `must be a number, got ${describeJson(value)}`, i);
      if (Math.abs(value) > float32Max) throw fieldError(line, row, "features", `is out of float32 range: ${value}`, i);
      this.features[start + i] = value;
    }
  }

  /** Copies each line's ids to the end of its row of maxLength; the start stays 0 (padding, "pre" as Keras pads). */
  private padTokens(): Int32Array {
    const padded = new Int32Array(this.count * this.maxLength);
    let from = 0;
    for (let n = 0; n < this.count; n++) {
      const end = this.tokenEnds[n] ?? from;
      padded.set(this.tokenIds.subarray(from, end), (n + 1) * this.maxLength - (end - from));
      from = end;
    }
    return padded;
  }
}

/** A copy of `array` with room for at least `needed` elements (capacity doubles). */
function grow<T extends Int32Array | Float32Array>(array: T, needed: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(needed, array.length * 2));
  bigger.set(array);
  return bigger;
}
