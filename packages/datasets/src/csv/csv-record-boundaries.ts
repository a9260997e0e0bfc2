const lf = 10;
const cr = 13;
const quote = 34;
const comma = 44;
const byteOrderMark = 0xfeff;

/** Scanner states, as `CsvCursor` sees the text: where a `"` opens a quoted field, and where it is a character. */
const fieldStart = 0;
const unquoted = 1;
const quoted = 2;

/**
 * Finds record boundaries (line breaks outside quoted fields) in a CSV file read in pieces: its
 * `cut` is `readTextChunks`'s. The scan is incremental (each character is looked at once however
 * long a record grows over several reads) and follows `CsvCursor`'s rules: a `"` opens a quoted
 * field only at the start of a field, `""` inside one is an escaped quote, `\r\n` is one line
 * break. A `\r` or a `"` at the end of the text is decided when the next character has been read.
 *
 * A record longer than `maxRecordChars` is not held whole: `cut` then gives up the record's start
 * read so far (see `overlong`), so that a stray quote near a file's start cannot pull the rest of
 * the file into memory.
 */
export class CsvRecordBoundaries {
  /**
   * Set when the record being read grew beyond `maxRecordChars` without a boundary. From then on
   * `cut` hands over everything scanned, so the first piece yielded is the record's start and
   * later ones are the rest of it (and of the file). `quoteOpen`: the record's start ends inside a
   * quoted field that has not been closed since; `ended`: a record boundary came after it.
   */
  overlong: { quoteOpen: boolean; ended: boolean } | null = null;
  private state = fieldStart;
  /** Index in the current text up to which `state` holds. */
  private scanned = 0;
  private atFileStart = true;

  /** @param maxRecordChars - Longest record held whole, in UTF-16 code units. */
  constructor(private readonly maxRecordChars: number) {}

  /** The index just after the last record boundary in `text` (see `ReadTextChunksOptions.cut`). */
  cut(text: string): number {
    const length = text.length;
    let i = this.scanned;
    if (this.atFileStart && length > 0) {
      this.atFileStart = false;
      if (text.charCodeAt(0) === byteOrderMark) i = 1;
    }
    // A final "\r" may be the first half of "\r\n": it waits for the next read.
    const limit = text.charCodeAt(length - 1) === cr ? length - 1 : length;
    let state = this.state;
    let boundary = 0;
    while (i < limit) {
      if (state === quoted) {
        const closing = text.indexOf('"', i);
        if (closing < 0) {
          i = length;
          break;
        }
        if (closing + 1 === length) {
          i = closing; // "" or a closing quote: the next read tells
          break;
        }
        if (text.charCodeAt(closing + 1) === quote) {
          i = closing + 2;
          continue;
        }
        state = unquoted;
        if (this.overlong !== null) this.overlong.quoteOpen = false;
        i = closing + 1;
        continue;
      }
      const nextQuote = text.indexOf('"', i);
      if (nextQuote < 0) {
        // No quote ahead: every line break is a record boundary.
        const lastBreak = Math.max(text.lastIndexOf("\n", limit - 1), text.lastIndexOf("\r", limit - 1));
        if (lastBreak >= i) boundary = lastBreak + 1;
        state = isFieldEnd(text.charCodeAt(limit - 1)) ? fieldStart : unquoted;
        i = limit;
        break;
      }
      for (; i < nextQuote; i++) {
        const c = text.charCodeAt(i);
        if (c === lf || c === cr) {
          // "\r\n" ends at its "\n".
          if (c === lf || text.charCodeAt(i + 1) !== lf) boundary = i + 1;
          state = fieldStart;
        } else {
          state = c === comma ? fieldStart : unquoted;
        }
      }
      state = state === fieldStart ? quoted : unquoted;
      i++;
    }
    return this.settle(text, i, state, boundary);
  }

  /**
   * Scans the file's last piece, which `readTextChunks` yields without a `cut`. Needed only for
   * `overlong`: the comma appended stands for the end of the file, settling a final `"` (a closing
   * quote) or `\r` (a line break) as `CsvCursor` does there, without opening anything.
   */
  endOfFile(lastPiece: string): void {
    this.cut(`${lastPiece},`);
  }

  /** Keeps the scan state for the next call and returns where the text is cut. */
  private settle(text: string, scanned: number, state: number, boundary: number): number {
    const overlong = this.overlong;
    if (overlong !== null) {
      if (boundary > 0) overlong.ended = true;
    } else if (boundary === 0 && text.length > this.maxRecordChars) {
      this.overlong = { quoteOpen: state === quoted, ended: false };
    }
    const end = this.overlong === null ? boundary : scanned;
    this.state = state;
    this.scanned = scanned - end;
    return end;
  }
}

function isFieldEnd(c: number): boolean {
  return c === comma || c === lf || c === cr;
}
