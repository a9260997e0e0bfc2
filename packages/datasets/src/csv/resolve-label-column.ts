import { DatasetFormatError, InvalidInputError } from "@trainyard/domain";
import { describeColumns } from "./describe-columns.js";

/**
 * The 0-based index of the label column.
 *
 * @param labelColumn - A header name, or a 0-based index written as digits. A header name wins
 *   over an index when both could match. Default: the column named "label" (case-insensitive).
 * @param header - The header row's cells, or null when the file has none.
 * @throws DatasetFormatError when no labelColumn is given and the file has no "label" column.
 * @throws InvalidInputError when the given labelColumn matches no column.
 */
export function resolveLabelColumn(
  labelColumn: string | undefined,
  header: readonly string[] | null,
  columnCount: number,
): number {
  const indexRange = `a 0-based index from 0 to ${columnCount - 1}`;
  if (labelColumn === undefined) {
    const index = header?.findIndex((name) => name.trim().toLowerCase() === "label") ?? -1;
    if (index >= 0) return index;
    const message =
      header === null
        ? `the file has no header row, so pass labelColumn as ${indexRange}`
        : `no column named "label": pass labelColumn as one of the columns ` +
          `(${describeColumns(header)}) or ${indexRange}`;
    throw new DatasetFormatError(message, { row: 1 });
  }

  if (header !== null) {
    const exact = header.indexOf(labelColumn);
    if (exact >= 0) return exact;
    const trimmed = header.findIndex((name) => name.trim() === labelColumn.trim());
    if (trimmed >= 0) return trimmed;
  }
  if (/^\d+$/.test(labelColumn) && Number(labelColumn) < columnCount) return Number(labelColumn);
  const choices =
    header === null
      ? `the file has no header row, so use ${indexRange}`
      : `columns are ${describeColumns(header)}; or use ${indexRange}`;
  throw InvalidInputError.forField("labelColumn", `no column ${JSON.stringify(labelColumn)}: ${choices}`);
}
