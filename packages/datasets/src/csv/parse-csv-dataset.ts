import { DatasetFormatError, type NumericDataset } from "@trainyard/domain";
import { defaultMaxDecompressedBytes, gunzipIfCompressed } from "../gunzip-if-compressed.js";
import { CsvCursor } from "./csv-cursor.js";
import { CsvSampleBuffer } from "./csv-sample-buffer.js";
import { parseDecimal } from "./parse-decimal.js";
import { resolveLabelColumn } from "./resolve-label-column.js";

export interface CsvParseOptions {
  /**
   * The integer label column: a header name or a 0-based index (as a string, as it arrives from
   * a form field). Default: the column named "label".
   */
  labelColumn?: string;
  /** Largest decompressed size of a gzipped file, default 1 GiB. */
  maxDecompressedBytes?: number;
}

/**
 * Parses a CSV dataset: one sample per row, every column but the label a float32 feature
 * (featureShape [F]), the label a non-negative integer; numClasses is the largest label + 1.
 * The first row is a header when any of its cells is not a number. Handles quoted fields,
 * `\r\n`, a UTF-8 byte order mark and blank lines; a gzipped file (1f 8b) is decompressed first.
 * Runs in one pass over the text.
 *
 * @throws DatasetFormatError with the 1-based line (`row`) and column of the problem: a value
 *   that is not a number, a ragged row, a label that is negative or fractional, an empty file,
 *   no data rows, fewer than 2 classes.
 * @throws InvalidInputError when `labelColumn` names no column.
 * @throws PayloadTooLargeError when a gzipped file decompresses beyond the limit.
 */
export function parseCsvDataset(data: Uint8Array, options: CsvParseOptions = {}): NumericDataset {
  const bytes = gunzipIfCompressed("data", data, options.maxDecompressedBytes ?? defaultMaxDecompressedBytes);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  const cursor = new CsvCursor(text);
  if (!cursor.nextRecord()) throw new DatasetFormatError("the file is empty", { row: 1 });

  const firstLine = cursor.recordLine;
  const first = readTextRecord(cursor);
  const hasHeader = first.some((cell) => Number.isNaN(parseDecimal(cell, 0, cell.length)));
  const columnCount = first.length;
  if (columnCount < 2) {
    throw new DatasetFormatError("a CSV dataset needs at least 2 columns (features and a label), found 1", {
      row: firstLine,
    });
  }
  const labelIndex = resolveLabelColumn(options.labelColumn, hasHeader ? first : null, columnCount);
  // Records usually end with "\n", so this is the capacity needed; the buffer grows for "\r" files.
  const samples = new CsvSampleBuffer(labelIndex, columnCount - 1, countNewlines(text) + 1);

  let firstDataLine = 0;
  if (!hasHeader) {
    firstDataLine = firstLine;
    samples.beginRow();
    first.forEach((cell, i) => samples.write(parseDecimal(cell, 0, cell.length), () => cell, firstLine, i + 1));
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
      samples.write(parseDecimal(cursor.fieldText, cursor.fieldStart, cursor.fieldEnd), raw, cursor.fieldLine, column);
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
  if (samples.maxLabel < 1) {
    throw new DatasetFormatError("labels must span at least 2 classes, but every label is 0", {
      row: firstDataLine,
      column: labelIndex + 1,
    });
  }
  return {
    count: samples.count,
    featureShape: [columnCount - 1],
    dtype: "float32",
    numClasses: samples.maxLabel + 1,
    ...samples.trimmed(),
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
