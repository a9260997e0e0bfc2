import { DatasetFormatError, type NumericDataset } from "@trainyard/domain";
import { defaultMaxDecompressedBytes, gunzipIfCompressed } from "../gunzip-if-compressed.js";
import { CsvCursor } from "./csv-cursor.js";
import { CsvSampleBuffer, LabelNameFound, ignoredSlot, labelSlot } from "./csv-sample-buffer.js";
import { isHeaderRow } from "./is-header-row.js";
import { LabelNameTable } from "./label-name-table.js";
import { resolveFeatureColumns } from "./resolve-feature-columns.js";
import { resolveLabelColumn } from "./resolve-label-column.js";

export interface CsvParseOptions {
  /**
   * The label column: a header name or a 0-based index (as a string, as it arrives from a form
   * field). Default: the column named "label" (case-insensitive).
   */
  labelColumn?: string;
  /**
   * The feature columns, in the order their values are stored: header names or 0-based indices
   * as strings. Columns left out are not read. Default: every column but the label, left to right.
   */
  featureColumns?: string[];
  /** Largest decompressed size of a gzipped file, default 1 GiB. */
  maxDecompressedBytes?: number;
}

/**
 * Parses a CSV dataset: one sample per row, the chosen feature columns as float32 features
 * (featureShape [F]) and one label per row. Labels are non-negative integers (numClasses is the
 * largest + 1) unless some label is not a number: then every label is a name, ids are given to
 * the distinct names in code-point order and `labelNames[id]` is each id's name.
 * The first row is a header when any of its cells is not a number (see `isHeaderRow` for a first
 * data row with a name label). Handles quoted fields, `\r\n`, a UTF-8 byte order mark and blank
 * lines; a gzipped file (1f 8b) is decompressed first. Runs in one pass over the text (two when
 * a label name appears after numeric labels).
 *
 * @throws DatasetFormatError with the 1-based line (`row`) and column of the problem: a feature
 *   that is not a number, a ragged row, a missing label, a numeric label that is negative or
 *   fractional (when every label is a number), an empty file, no data rows, fewer than 2 classes.
 * @throws InvalidInputError when `labelColumn` (field "labelColumn") or a `featureColumns` entry
 *   (field "body.featureColumns") names no column.
 * @throws PayloadTooLargeError when a gzipped file decompresses beyond the limit.
 */
export function parseCsvDataset(data: Uint8Array, options: CsvParseOptions = {}): NumericDataset {
  const bytes = gunzipIfCompressed("data", data, options.maxDecompressedBytes ?? defaultMaxDecompressedBytes);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  try {
    return readCsvText(text, options, null);
  } catch (error) {
    if (!(error instanceof LabelNameFound)) throw error;
    return readCsvText(text, options, new LabelNameTable());
  }
}

/** One pass over the text; `names` null reads labels as numbers, else as names. */
function readCsvText(text: string, options: CsvParseOptions, names: LabelNameTable | null): NumericDataset {
  const cursor = new CsvCursor(text);
  if (!cursor.nextRecord()) throw new DatasetFormatError("the file is empty", { row: 1 });

  const firstLine = cursor.recordLine;
  const first = readTextRecord(cursor);
  const hasHeader = isHeaderRow(first, options.labelColumn, options.featureColumns);
  const columnCount = first.length;
  if (columnCount < 2) {
    throw new DatasetFormatError("a CSV dataset needs at least 2 columns (features and a label), found 1", {
      row: firstLine,
    });
  }
  const header = hasHeader ? first : null;
  const labelIndex = resolveLabelColumn(options.labelColumn, header, columnCount);
  const featureIndices = resolveFeatureColumns(options.featureColumns, header, columnCount, labelIndex);
  const slots = new Int32Array(columnCount).fill(ignoredSlot);
  slots[labelIndex] = labelSlot;
  featureIndices.forEach((column, feature) => {
    slots[column] = feature;
  });
  // Records usually end with "\n", so this is the capacity needed; the buffer grows for "\r" files.
  const samples = new CsvSampleBuffer(slots, featureIndices.length, countNewlines(text) + 1, names);

  let firstDataLine = 0;
  if (!hasHeader) {
    firstDataLine = firstLine;
    samples.beginRow();
    first.forEach((cell, i) => samples.writeCell(cell, 0, cell.length, () => cell, firstLine, i + 1));
    samples.endRow();
  }
  const raw = (): string => cursor.fieldValue();
  while (cursor.nextRecord()) {
    const row = cursor.recordLine;
    if (firstDataLine === 0) firstDataLine = row;
    samples.beginRow();
    let column = 0;
    while (!cursor.recordEnded) {
      column++;
      cursor.readField(column);
      if (column > columnCount) throw raggedRow(cursor, row, column, columnCount);
      samples.writeCell(cursor.fieldText, cursor.fieldStart, cursor.fieldEnd, raw, cursor.fieldLine, column);
    }
    if (column < columnCount) {
      throw new DatasetFormatError(`row has ${column} columns, expected ${columnCount} as in the first row`, {
        row,
        column: column + 1,
      });
    }
    samples.endRow();
  }

  if (samples.count === 0) {
    const row = Math.max(cursor.currentLine, firstLine + 1);
    throw new DatasetFormatError("no data rows after the header", { row });
  }
  if (samples.deferredLabelError !== null) throw samples.deferredLabelError;
  const labelLocation = { row: firstDataLine, column: labelIndex + 1 };
  const { features, labels } = samples.trimmed();
  const labelNames = names?.finish(labels);
  if (labelNames !== undefined && labelNames.length < 2) {
    const only = JSON.stringify(labelNames[0] ?? "");
    throw new DatasetFormatError(`labels must span at least 2 classes, but every label is ${only}`, labelLocation);
  }
  if (labelNames === undefined && samples.maxLabel < 1) {
    throw new DatasetFormatError("labels must span at least 2 classes, but every label is 0", labelLocation);
  }
  return {
    count: samples.count,
    featureShape: [featureIndices.length],
    dtype: "float32",
    numClasses: labelNames?.length ?? samples.maxLabel + 1,
    features,
    labels,
    ...(labelNames === undefined ? {} : { labelNames }),
  };
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/** Reads the rest of the current record as strings (the first row: header or data). */
function readTextRecord(cursor: CsvCursor): string[] {
  const cells: string[] = [];
  while (!cursor.recordEnded) {
    cursor.readField(cells.length + 1);
    cells.push(cursor.fieldValue());
  }
  return cells;
}

/** Counts the rest of a too-long record for the message. */
function raggedRow(cursor: CsvCursor, row: number, column: number, expected: number): DatasetFormatError {
  let found = column;
  while (!cursor.recordEnded) cursor.readField(++found);
  return new DatasetFormatError(`row has ${found} columns, expected ${expected} as in the first row`, {
    row,
    column: expected + 1,
  });
}
