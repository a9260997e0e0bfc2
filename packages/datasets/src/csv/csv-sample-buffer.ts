import { DatasetFormatError } from "@trainyard/domain";
import type { LabelNameTable } from "./label-name-table.js";
import { parseDecimal } from "./parse-decimal.js";

const float32Max = 3.4028234663852886e38;
const int32Max = 2 ** 31 - 1;
/** Characters of a bad value quoted in an error message. */
const quotedValueLength = 40;

/** Slot of a column that is neither a feature nor the label: its cells are not read. */
export const ignoredSlot = -1;
/** Slot of the label column. */
export const labelSlot = -2;

/**
 * Thrown while reading labels as numbers when a label cell is not a number: the caller reads the
 * file again with every label as a name.
 */
export class LabelNameFound extends Error {
  constructor() {
    super("a label is not a number");
    this.name = "LabelNameFound";
  }
}

/**
 * The typed arrays CSV samples are written into, cell by cell, with the checks on each value.
 * Labels are kept for every row. Features are kept for the rows written since the last
 * `takeFeatures`: all of them when it is never called (the in-memory parser), one chunk's when a
 * file converter takes them after each chunk. Both start at a capacity estimate and double when
 * a row does not fit.
 */
export class CsvSampleBuffer {
  /** Complete rows written. */
  count = 0;
  /** Largest label written, -1 before any. */
  maxLabel = -1;
  /**
   * The first numeric label that is negative, fractional or beyond int32. It is an error only if
   * every label turns out to be a number (a later name makes every label a name), so the caller
   * throws it at the end.
   */
  deferredLabelError: DatasetFormatError | null = null;
  private features: Float32Array;
  private labels: Int32Array;
  /** Rows in `features` (written since the last `takeFeatures`) and the first value of the current row. */
  private featureRows = 0;
  private rowOffset = 0;

  /**
   * @param slots - Per 0-based column: its feature index (>= 0), `labelSlot` or `ignoredSlot`.
   * @param featureCount - Features per row.
   * @param capacity - Expected number of rows, for the labels and for the features alike.
   * @param names - Where label names go, or null to read labels as non-negative integers.
   */
  constructor(
    private readonly slots: Int32Array,
    private readonly featureCount: number,
    capacity: number,
    private readonly names: LabelNameTable | null,
  ) {
    this.features = new Float32Array(Math.max(1, capacity) * featureCount);
    this.labels = new Int32Array(Math.max(1, capacity));
  }

  /** Makes room for one more row. */
  beginRow(): void {
    if (this.count === this.labels.length) this.reserveLabels(this.count * 2);
    this.rowOffset = this.featureRows * this.featureCount;
    if (this.rowOffset === this.features.length) {
      const features = new Float32Array(this.features.length * 2);
      features.set(this.features);
      this.features = features;
    }
  }

  /**
   * Gives the labels room for `rows` rows (no-op when they have it), to spare doublings; grows
   * by a quarter at least, so that an estimate creeping up does not copy them every time.
   */
  reserveLabels(rows: number): void {
    if (rows <= this.labels.length) return;
    const labels = new Int32Array(Math.max(rows, Math.ceil(this.labels.length * 1.25)));
    labels.set(this.labels.subarray(0, this.count));
    this.labels = labels;
  }

  /**
   * Checks and stores one cell of the current row, `text.slice(start, end)`.
   * @param raw - The cell's text as a string (read for names and error messages only).
   * @throws DatasetFormatError at (row, column) for a missing value or label, a feature that is
   *   not a number or is beyond float32.
   * @throws LabelNameFound for a label that is not a number while reading labels as numbers.
   */
  writeCell(text: string, start: number, end: number, raw: () => string, row: number, column: number): void {
    const slot = this.slots[column - 1] ?? ignoredSlot;
    if (slot >= 0) {
      const value = checkFeature(parseDecimal(text, start, end), raw, row, column);
      this.features[this.rowOffset + slot] = value;
    } else if (slot === labelSlot) {
      const label = this.names === null ? this.numericLabel(text, start, end, raw, row, column) : this.namedLabel(raw, row, column);
      this.labels[this.count] = label;
      if (label > this.maxLabel) this.maxLabel = label;
    }
  }

  endRow(): void {
    this.count++;
    this.featureRows++;
  }

  /**
   * The features of the rows written since the last call, row-major, and forgets them: a view
   * that stays valid until the next `beginRow`.
   */
  takeFeatures(): Float32Array {
    const features = this.features.subarray(0, this.featureRows * this.featureCount);
    this.featureRows = 0;
    return features;
  }

  /** The labels of every row written (a view). */
  writtenLabels(): Int32Array {
    return this.labels.subarray(0, this.count);
  }

  /**
   * The written samples (features since the last `takeFeatures`), trimmed to their rows: the
   * arrays themselves when full, else copies, so that no spare capacity is kept.
   */
  trimmed(): { features: Float32Array; labels: Int32Array } {
    const featureValues = this.featureRows * this.featureCount;
    return {
      features: featureValues === this.features.length ? this.features : this.features.slice(0, featureValues),
      labels: this.count === this.labels.length ? this.labels : this.labels.slice(0, this.count),
    };
  }

  private numericLabel(text: string, start: number, end: number, raw: () => string, row: number, column: number): number {
    const value = parseDecimal(text, start, end);
    if (Number.isNaN(value)) {
      if (raw().trim() === "") throw new DatasetFormatError("missing label", { row, column });
      throw new LabelNameFound();
    }
    if (!Number.isInteger(value) || value < 0) {
      this.deferredLabelError ??= new DatasetFormatError(
        `label must be a non-negative integer, found ${quote(raw())}; labels are read as names only when ` +
          "some label is not a number",
        { row, column },
      );
      return 0;
    }
    if (value > int32Max) {
      this.deferredLabelError ??= new DatasetFormatError(`label is too large: ${quote(raw())} (at most ${int32Max})`, {
        row,
        column,
      });
      return 0;
    }
    return value;
  }

  private namedLabel(raw: () => string, row: number, column: number): number {
    const name = raw().trim();
    if (name === "") throw new DatasetFormatError("missing label", { row, column });
    return this.names?.idOf(name) ?? 0;
  }
}

function checkFeature(value: number, raw: () => string, row: number, column: number): number {
  if (Number.isNaN(value)) {
    const text = raw();
    if (text.trim() === "") throw new DatasetFormatError("missing value", { row, column });
    throw new DatasetFormatError(`not a number: ${quote(text)}`, { row, column });
  }
  if (Math.abs(value) > float32Max) {
    throw new DatasetFormatError(`number out of float32 range: ${quote(raw())}`, { row, column });
  }
  return value;
}

function quote(raw: string): string {
  return JSON.stringify(raw.length > quotedValueLength ? `${raw.slice(0, quotedValueLength)}...` : raw);
}
