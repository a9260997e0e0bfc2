import { parseDecimal } from "./parse-decimal.js";

/**
 * Whether the first row of a CSV file is a header. It is when any cell is not a number, unless
 * the row can be data: every column is chosen by a 0-based index (digits), and the cells that
 * are not numbers are all in the label column (a categorical label such as "Iris-setosa") or in
 * columns left out of `featureColumns`.
 */
export function isHeaderRow(
  first: readonly string[],
  labelColumn: string | undefined,
  featureColumns: readonly string[] | undefined,
): boolean {
  const textCells = first.flatMap((cell, i) => (Number.isNaN(parseDecimal(cell, 0, cell.length)) ? [i] : []));
  if (textCells.length === 0) return false;
  // A digit string can only be a header name if the row is a header; as data it is an index.
  const byIndexOnly = (column: string): boolean => /^\d+$/.test(column);
  if (labelColumn === undefined || !byIndexOnly(labelColumn)) return true;
  const labelIndex = Number(labelColumn);
  if (featureColumns === undefined) return textCells.some((i) => i !== labelIndex);
  if (!featureColumns.every(byIndexOnly)) return true;
  const features = new Set(featureColumns.map(Number));
  return textCells.some((i) => features.has(i));
}
