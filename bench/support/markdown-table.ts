/** A markdown table: one header row, then `rows` (cells already formatted); numeric-looking columns are right-aligned. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => /^[-+]?[\d,.]+\s*[%x×a-zA-Z/]*$|^-$/.test(row[i] ?? "")));
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const rule = `|${numeric.map((right) => (right ? "---:" : "---")).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** `value` with thousands separators and `digits` decimals; "-" for NaN or undefined. */
export function formatNumber(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return "-";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
