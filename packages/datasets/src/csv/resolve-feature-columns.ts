import { InvalidInputError } from "@trainyard/domain";
import { describeColumns } from "./describe-columns.js";

const field = "body.featureColumns";

/**
 * The 0-based indices of the feature columns, in the order the features are stored.
 *
 * @param featureColumns - Header names or 0-based indices written as digits; a header name wins
 *   over an index when both could match. Default: every column but the label, left to right.
 * @param header - The header row's cells, or null when the file has none.
 * @param labelIndex - The label column, which cannot also be a feature.
 * @throws InvalidInputError on field "body.featureColumns" for an empty list, a column that does
 *   not exist (naming it and listing the columns), the label column, or a column listed twice.
 */
export function resolveFeatureColumns(
  featureColumns: readonly string[] | undefined,
  header: readonly string[] | null,
  columnCount: number,
  labelIndex: number,
): number[] {
  if (featureColumns === undefined) {
    return Array.from({ length: columnCount }, (_, i) => i).filter((i) => i !== labelIndex);
  }
  if (featureColumns.length === 0) {
    throw InvalidInputError.forField(field, "list at least one feature column, or leave it out to use every column but the label");
  }
  const seen = new Set<number>();
  return featureColumns.map((column) => {
    const index = findColumn(column, header, columnCount);
    const name = JSON.stringify(column);
    if (index < 0) {
      const indexRange = `a 0-based index from 0 to ${columnCount - 1}`;
      const choices =
        header === null
          ? `the file has no header row, so use ${indexRange}`
          : `columns are ${describeColumns(header)}; or use ${indexRange}`;
      throw InvalidInputError.forField(field, `no column ${name}: ${choices}`);
    }
    if (index === labelIndex) {
      throw InvalidInputError.forField(field, `column ${name} is the label column and cannot also be a feature`);
    }
    if (seen.has(index)) throw InvalidInputError.forField(field, `column ${name} is listed twice`);
    seen.add(index);
    return index;
  });
}

/** A column by header name (exact, then trimmed), else by 0-based index; -1 when none matches. */
export function findColumn(column: string, header: readonly string[] | null, columnCount: number): number {
  if (header !== null) {
    const exact = header.indexOf(column);
    if (exact >= 0) return exact;
    const trimmed = header.findIndex((name) => name.trim() === column.trim());
    if (trimmed >= 0) return trimmed;
  }
  return /^\d+$/.test(column) && Number(column) < columnCount ? Number(column) : -1;
}
