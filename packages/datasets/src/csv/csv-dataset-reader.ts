import { DatasetFormatError } from "@trainyard/domain";
import { CsvCursor } from "./csv-cursor.js";
import { CsvSampleBuffer, ignoredSlot, labelSlot } from "./csv-sample-buffer.js";
import { isHeaderRow } from "./is-header-row.js";
import type { LabelNameTable } from "./label-name-table.js";
import type { CsvParseOptions } from "./parse-csv-dataset.js";
import { resolveFeatureColumns } from "./resolve-feature-columns.js";
import { resolveLabelColumn } from "./resolve-label-column.js";

/** What a whole CSV file held, once read and checked. */
export interface CsvTable {
  count: number;
  featureCount: number;
  numClasses: number;
  /** Final label ids, one per row. */
  labels: Int32Array;
  /** Each label id's name, when labels were names. */
  labelNames?: string[];
  /** The samples written (features since their last `takeFeatures`). */
  samples: CsvSampleBuffer;
}

/**
 * One pass over a CSV file given as one or more pieces of text, in order, each ending at a record
 * boundary (a line break outside quotes) except the last: the whole text for the in-memory parser,
 * chunks for the file converter. The first record decides the header and the columns; every
 * record is checked and its cells written into `samples` as it is read, so the same errors with
 * the same rows and columns come out however the file is cut.
 */
export class CsvDatasetReader {
  /** Where the rows go; null until the first record has been read. */
  samples: CsvSampleBuffer | null = null;
  private nextLine = 1;
  private firstLine = 0;
  private firstDataLine = 0;
  private columnCount = 0;
  private labelIndex = 0;
  private featureCount = 0;

  /**
   * @param names - Where label names go, or null to read labels as numbers (see `LabelNameFound`).
   * @param capacity - Expected number of rows (see `CsvSampleBuffer`).
   */
  constructor(
    private readonly options: CsvParseOptions,
    private readonly names: LabelNameTable | null,
    private readonly capacity: number,
  ) {}

  /** The line the next piece starts on. */
  get line(): number {
    return this.nextLine;
  }

  /**
   * Reads the records of the next piece of the file.
   * @throws DatasetFormatError, InvalidInputError or LabelNameFound, as `parseCsvDataset`.
   */
  read(text: string): void {
    const cursor = new CsvCursor(text, this.nextLine);
    let samples = this.samples;
    if (samples === null) {
      if (!cursor.nextRecord()) {
        this.nextLine = cursor.currentLine;
        return;
      }
      samples = this.readFirstRecord(cursor);
    }
    const columnCount = this.columnCount;
    const raw = (): string => cursor.fieldValue();
    while (cursor.nextRecord()) {
      const row = cursor.recordLine;
      if (this.firstDataLine === 0) this.firstDataLine = row;
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
    this.nextLine = cursor.currentLine;
  }

  /**
   * The checks that need the whole file, after its last piece; numbers the label names.
   * @throws DatasetFormatError for an empty file, no data rows, a bad numeric label or fewer than 2 classes.
   */
  finish(): CsvTable {
    const samples = this.samples;
    if (samples === null) throw new DatasetFormatError("the file is empty", { row: 1 });
    if (samples.count === 0) {
      throw new DatasetFormatError("no data rows after the header", { row: Math.max(this.nextLine, this.firstLine + 1) });
    }
    if (samples.deferredLabelError !== null) throw samples.deferredLabelError;
    const labelLocation = { row: this.firstDataLine, column: this.labelIndex + 1 };
    const labels = samples.writtenLabels();
    const labelNames = this.names?.finish(labels);
    if (labelNames !== undefined && labelNames.length < 2) {
      const only = JSON.stringify(labelNames[0] ?? "");
      throw new DatasetFormatError(`labels must span at least 2 classes, but every label is ${only}`, labelLocation);
    }
    if (labelNames === undefined && samples.maxLabel < 1) {
      throw new DatasetFormatError("labels must span at least 2 classes, but every label is 0", labelLocation);
    }
    return {
      count: samples.count,
      featureCount: this.featureCount,
      numClasses: labelNames?.length ?? samples.maxLabel + 1,
      labels,
      ...(labelNames === undefined ? {} : { labelNames }),
      samples,
    };
  }

  /** Reads the first record: the header, or the first data row. */
  private readFirstRecord(cursor: CsvCursor): CsvSampleBuffer {
    const { labelColumn, featureColumns } = this.options;
    const firstLine = cursor.recordLine;
    this.firstLine = firstLine;
    const first = readTextRecord(cursor);
    const hasHeader = isHeaderRow(first, labelColumn, featureColumns);
    const columnCount = first.length;
    if (columnCount < 2) {
      throw new DatasetFormatError("a CSV dataset needs at least 2 columns (features and a label), found 1", {
        row: firstLine,
      });
    }
    const header = hasHeader ? first : null;
    const labelIndex = resolveLabelColumn(labelColumn, header, columnCount);
    const featureIndices = resolveFeatureColumns(featureColumns, header, columnCount, labelIndex);
    const slots = new Int32Array(columnCount).fill(ignoredSlot);
    slots[labelIndex] = labelSlot;
    featureIndices.forEach((column, feature) => {
      slots[column] = feature;
    });
    const samples = new CsvSampleBuffer(slots, featureIndices.length, this.capacity, this.names);
    this.samples = samples;
    this.columnCount = columnCount;
    this.labelIndex = labelIndex;
    this.featureCount = featureIndices.length;
    if (!hasHeader) {
      this.firstDataLine = firstLine;
      samples.beginRow();
      first.forEach((cell, i) => samples.writeCell(cell, 0, cell.length, () => cell, firstLine, i + 1));
      samples.endRow();
    }
    return samples;
  }
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
