/** Column names listed in an error message before "... and N more". */
const listedColumns = 20;

/** The header's names quoted and comma-separated for an error message, shortened past 20. */
export function describeColumns(header: readonly string[]): string {
  const names = header.slice(0, listedColumns).map((name) => JSON.stringify(name));
  const more = header.length - names.length;
  return more > 0 ? `${names.join(", ")} and ${more} more` : names.join(", ");
}
