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
 * Starts at a capacity estimate and doubles when a row does not fit.
 */
export class CsvSampleBuffer {
  /** Complete rows written. */
  count = 0;
  /** Largest label written, -1 before any. */
  maxLabel = -1;
  features: Float32Array;
  labels: Int32Array;
  /**
   * The first numeric label that is negative, fractional or beyond int32. It is an error only if
   * every label turns out to be a number (a later name makes every label a name), so the caller
   * throws it at the end.
   */
  deferredLabelError: DatasetFormatError | null = null;
  private capacity: number;

  /**
   * @param slots - Per 0-based column: its feature index (>= 0), `labelSlot` or `ignoredSlot`.
   * @param featureCount - Features per row.
   * @param capacity - Expected number of rows.
   * @param names - Where label names go, or null to read labels as non-negative integers.
   */
  constructor(
    private readonly slots: Int32Array,
    private readonly featureCount: number,
    capacity: number,
    private readonly names: LabelNameTable | null,
  ) {
    this.capacity = Math.max(1, capacity);
    this.features = new Float32Array(this.capacity * featureCount);
    this.labels = new Int32Array(this.capacity);
  }

  /** Makes room for one more row. */
  beginRow(): void {
    if (this.count < this.capacity) return;
    this.capacity *= 2;
    const features = new Float32Array(this.capacity * this.featureCount);
    features.set(this.features);
    const labels = new Int32Array(this.capacity);
    labels.set(this.labels);
    this.features = features;
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
      this.features[this.count * this.featureCount + slot] = value;
    } else if (slot === labelSlot) {
      const label = this.names === null ? this.numericLabel(text, start, end, raw, row, column) : this.namedLabel(raw, row, column);
      this.labels[this.count] = label;
      if (label > this.maxLabel) this.maxLabel = label;
    }
  }

  endRow(): void {
    this.count++;
  }

  /** The written samples, trimmed to `count` rows (copied only when the capacity was larger). */
  trimmed(): { features: Float32Array; labels: Int32Array } {
    if (this.count === this.capacity) return { features: this.features, labels: this.labels };
    return {
      features: this.features.slice(0, this.count * this.featureCount),
      labels: this.labels.slice(0, this.count),
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
