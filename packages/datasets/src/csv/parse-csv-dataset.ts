import type { NumericDataset } from "@trainyard/domain";
import { defaultMaxDecompressedBytes, gunzipIfCompressed } from "../gunzip-if-compressed.js";
import { CsvDatasetReader } from "./csv-dataset-reader.js";
import { LabelNameFound } from "./csv-sample-buffer.js";
import { LabelNameTable } from "./label-name-table.js";

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
  // Records usually end with "\n", so this is the capacity needed; the buffer grows for "\r" files.
  const capacity = countNewlines(text) + 1;
  const read = (names: LabelNameTable | null): NumericDataset => {
    const reader = new CsvDatasetReader(options, names, capacity);
    reader.read(text);
    const table = reader.finish();
    const { features, labels } = table.samples.trimmed();
    return {
      count: table.count,
      featureShape: [table.featureCount],
      dtype: "float32",
      numClasses: table.numClasses,
      features,
      labels,
      ...(table.labelNames === undefined ? {} : { labelNames: table.labelNames }),
    };
  };
  try {
    return read(null);
  } catch (error) {
    if (!(error instanceof LabelNameFound)) throw error;
    return read(new LabelNameTable());
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  return count;
}
