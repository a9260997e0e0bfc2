import { open, stat } from "node:fs/promises";
import { DatasetFormatError } from "@trainyard/domain";
import { hostIsLittleEndian, swapByteOrder } from "../encoding/byte-order.js";
import { checkClassCount } from "../files/check-class-count.js";
import type { ConvertedDataset, DatasetFilePaths } from "../files/converted-dataset.js";
import { gunzipFileIfCompressed } from "../files/gunzip-file-if-compressed.js";
import { readTextChunks } from "../files/read-text-chunks.js";
import { writeLabelsFile } from "../files/write-labels-file.js";
import { FeatureStats, countClasses } from "../stats/feature-stats.js";
import { CsvCursor } from "./csv-cursor.js";
import { CsvDatasetReader, type CsvTable } from "./csv-dataset-reader.js";
import { CsvRecordBoundaries } from "./csv-record-boundaries.js";
import { LabelNameFound } from "./csv-sample-buffer.js";
import { LabelNameTable } from "./label-name-table.js";
import type { CsvParseOptions } from "./parse-csv-dataset.js";

/** Options of `convertCsvFile` besides the paths. */
export interface CsvFileOptions extends Pick<CsvParseOptions, "labelColumn" | "featureColumns"> {
  /** Bytes read at a time, default 8 MiB (`defaultTextChunkBytes`). */
  chunkBytes?: number;
  /**
   * Longest record (row) held in memory, in characters, default 16 Mi. A longer record is a
   * DatasetFormatError, except one whose quoted field is never closed: that gets the parser's
   * "unterminated quoted field" error.
   */
  maxRecordChars?: number;
}

const defaultMaxRecordChars = 16 * 1024 * 1024;
/** Rows the features of a chunk are first given room for (the room doubles as needed). */
const initialRows = 4096;

/**
 * Converts a CSV file (raw or gzipped) into its stored form without holding the file or its
 * features in memory: the text is read in chunks cut at record boundaries, each chunk's features
 * are checked, counted into the statistics and appended to `out.x`; the labels (4 bytes a row)
 * are kept and written at the end. When a label name turns up after numeric labels, the file is
 * read a second time with every label as a name (and `out.x` written again), as the parser reads
 * its text twice. Accepts and refuses exactly what `parseCsvDataset` does, with the same errors
 * and rows and columns; memory is a chunk plus the labels plus the longest record.
 *
 * @throws DatasetFormatError, InvalidInputError, PayloadTooLargeError as `parseCsvDataset`;
 *   InvalidInputError (field "body") beyond `maxClasses`; DatasetFormatError for a record longer
 *   than `maxRecordChars`.
 */
export async function convertCsvFile(paths: DatasetFilePaths<"data"> & CsvFileOptions): Promise<ConvertedDataset> {
  const path = await gunzipFileIfCompressed("data", paths.inputs.data, paths.workDir, paths.maxDecompressedBytes);
  const fileBytes = (await stat(path)).size;
  const read = (names: LabelNameTable | null): Promise<CsvPass> => readCsvFile(path, fileBytes, paths, names);
  let pass: CsvPass;
  try {
    pass = await read(null);
  } catch (error) {
    if (!(error instanceof LabelNameFound)) throw error;
    pass = await read(new LabelNameTable());
  }
  const { table, stats, xBytes } = pass;
  checkClassCount(table.numClasses, paths.maxClasses);
  const yBytes = await writeLabelsFile(paths.out.y, table.labels);
  return {
    count: table.count,
    featureShape: [table.featureCount],
    dtype: "float32",
    numClasses: table.numClasses,
    stats: { classCounts: countClasses(table.labels, table.numClasses), ...stats.result(), wordsPerText: null },
    sizeBytes: xBytes + yBytes,
    maxTokenId: null,
    labelNames: table.labelNames ?? null,
  };
}

interface CsvPass {
  table: CsvTable;
  stats: FeatureStats;
  /** Bytes written to `out.x`. */
  xBytes: number;
}

/** One pass over the file: `names` null reads labels as numbers, else as names. */
async function readCsvFile(path: string, fileBytes: number, options: DatasetFilePaths<"data"> & CsvFileOptions, names: LabelNameTable | null): Promise<CsvPass> {
  const { labelColumn, featureColumns } = options;
  const reader = new CsvDatasetReader(
    { ...(labelColumn === undefined ? {} : { labelColumn }), ...(featureColumns === undefined ? {} : { featureColumns }) },
    names,
    initialRows,
  );
  const boundaries = new CsvRecordBoundaries(options.maxRecordChars ?? defaultMaxRecordChars);
  const chunks = readTextChunks(path, { ...(options.chunkBytes === undefined ? {} : { chunkBytes: options.chunkBytes }), cut: (text) => boundaries.cut(text) });
  const stats = new FeatureStats();
  const target = await open(options.out.x, "w");
  try {
    let xBytes = 0;
    let bytesRead = 0;
    let overlongStart: string | null = null;
    let lastPiece = "";
    for await (const text of chunks) {
      if (boundaries.overlong !== null) {
        if (overlongStart === null) overlongStart = text;
        else lastPiece = text;
        if (boundaries.overlong.ended) throw overlongRecord(overlongStart, reader.line, options);
        continue;
      }
      reader.read(text);
      bytesRead += Buffer.byteLength(text);
      const samples = reader.samples;
      if (samples === null) continue;
      // Room for the labels of the whole file, estimated from the rows per byte so far, spares the copies of doubling.
      samples.reserveLabels(Math.ceil(((samples.count * fileBytes) / Math.max(1, bytesRead)) * 1.05));
      const features = samples.takeFeatures();
      stats.add(features);
      xBytes += await writeLittleEndian(target, features);
    }
    if (overlongStart !== null) {
      boundaries.endOfFile(lastPiece);
      // A quoted field open from the record's start to the end of the file: reading the start
      // gives the parser's error (the unterminated field, or an earlier one of that record).
      if (boundaries.overlong?.quoteOpen === true) reader.read(overlongStart);
      throw overlongRecord(overlongStart, reader.line, options);
    }
    return { table: reader.finish(), stats, xBytes };
  } finally {
    await target.close();
  }
}

async function writeLittleEndian(target: Awaited<ReturnType<typeof open>>, values: Float32Array): Promise<number> {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const stored = hostIsLittleEndian ? bytes : swapByteOrder(bytes, 4);
  await target.write(stored, 0, stored.byteLength);
  return stored.byteLength;
}

function overlongRecord(start: string, line: number, options: CsvFileOptions): DatasetFormatError {
  const cursor = new CsvCursor(start, line);
  const row = cursor.nextRecord() ? cursor.recordLine : line;
  const limit = options.maxRecordChars ?? defaultMaxRecordChars;
  return new DatasetFormatError(`a row longer than ${limit} characters cannot be read; is a quoted field not closed?`, { row });
}
