import { DatasetFormatError } from "@trainyard/domain";

const float32Max = 3.4028234663852886e38;
const int32Max = 2 ** 31 - 1;
/** Characters of a bad value quoted in an error message. */
const quotedValueLength = 40;

/**
 * The typed arrays CSV samples are written into, value by value, with the checks on each value.
 * Starts at a capacity estimate and doubles when a row does not fit.
 */
export class CsvSampleBuffer {
  /** Complete rows written. */
  count = 0;
  /** Largest label written, -1 before any. */
  maxLabel = -1;
  features: Float32Array;
  labels: Int32Array;
  private capacity: number;

  /**
   * @param labelIndex - 0-based column of the label; every other column is a feature.
   * @param featureCount - Features per row (columns - 1).
   * @param capacity - Expected number of rows.
   */
  constructor(
    private readonly labelIndex: number,
    private readonly featureCount: number,
    capacity: number,
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
   * Checks and stores the value of one cell of the current row.
   * @param raw - The cell's text, read only to write an error message.
   * @throws DatasetFormatError at (row, column) for a missing value, a value that is not a number or
   *   is beyond float32, or a label that is not a non-negative int32.
   */
  write(value: number, raw: () => string, row: number, column: number): void {
    const index = column - 1;
    if (index === this.labelIndex) {
      const label = checkLabel(value, raw, row, column);
      this.labels[this.count] = label;
      if (label > this.maxLabel) this.maxLabel = label;
      return;
    }
    const featureIndex = index < this.labelIndex ? index : index - 1;
    this.features[this.count * this.featureCount + featureIndex] = checkFeature(value, raw, row, column);
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
}

function checkFeature(value: number, raw: () => string, row: number, column: number): number {
  if (Number.isNaN(value)) throw notANumber("value", raw(), row, column);
  if (Math.abs(value) > float32Max) {
    throw new DatasetFormatError(`number out of float32 range: ${quote(raw())}`, { row, column });
  }
  return value;
}

function checkLabel(value: number, raw: () => string, row: number, column: number): number {
  if (Number.isNaN(value)) throw notANumber("label", raw(), row, column);
  if (!Number.isInteger(value) || value < 0) {
    throw new DatasetFormatError(`label must be a non-negative integer, found ${quote(raw())}`, { row, column });
  }
  if (value > int32Max) {
    throw new DatasetFormatError(`label is too large: ${quote(raw())} (at most ${int32Max})`, { row, column });
  }
  return value;
}

function notANumber(what: "value" | "label", raw: string, row: number, column: number): DatasetFormatError {
  if (raw.trim() === "") return new DatasetFormatError(`missing ${what}`, { row, column });
  const prefix = what === "label" ? "label is not a number" : "not a number";
  return new DatasetFormatError(`${prefix}: ${quote(raw)}`, { row, column });
}

function quote(raw: string): string {
  return JSON.stringify(raw.length > quotedValueLength ? `${raw.slice(0, quotedValueLength)}...` : raw);
}
