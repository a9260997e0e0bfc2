import { parseJsonlRecord } from "./jsonl-record.js";
import type { JsonlSampleBuffer } from "./jsonl-sample-buffer.js";

/**
 * Parses the lines of `text` (whole lines from a line start: the whole file, or a chunk of it
 * ending with "\n") into `samples`, skipping blank ones. Rows count on from `rowBefore`, the row
 * of the line before `text`; returns the row of its last line, to carry into the next chunk. A
 * final "\n" starts no row, so chunks cut after a "\n" number their lines as the whole text does.
 *
 * @throws DatasetFormatError from parseJsonlRecord or the buffer, at the line's row.
 */
export function addJsonlLines(samples: JsonlSampleBuffer, text: string, rowBefore: number): number {
  let row = rowBefore;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    start = end + 1;
    row++;
    // Most lines start with "{"; only others need the (slower) blank test.
    if (line.charCodeAt(0) !== 0x7b && isBlank(line)) continue;
    samples.add(parseJsonlRecord(line, row), line, row);
  }
  return row;
}

/** `text` without a leading UTF-8 byte order mark (decoded as U+FEFF). */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function isBlank(line: string): boolean {
  return /^\s*$/.test(line);
}
