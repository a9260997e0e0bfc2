import { DatasetFormatError } from "@trainyard/domain";

const lf = 10;
const cr = 13;
const quote = 34;
const comma = 44;
const byteOrderMark = 0xfeff;

/**
 * Walks a CSV text (RFC 4180: comma-separated, `"`-quoted fields with `""` escapes, quoted
 * line breaks; `\n`, `\r\n` or `\r` line ends) one field at a time without allocating per field:
 * after `readField`, the field's value is `fieldText.slice(fieldStart, fieldEnd)`.
 * Blank lines between records are skipped. Line numbers count physical lines, 1-based.
 * A file read in pieces gets one cursor per piece, each piece starting at a record boundary.
 */
export class CsvCursor {
  /** Text holding the current field: the input, or an unescaped copy for a field with `""`. */
  fieldText = "";
  fieldStart = 0;
  fieldEnd = 0;
  /** Line on which the current field starts. */
  fieldLine = 1;
  /** Line on which the current record starts. */
  recordLine = 1;
  /** Whether the field just read was the last of its record. */
  recordEnded = true;

  private pos: number;
  private line: number;

  /**
   * @param firstLine - The line `text` starts on, default 1: a piece of a file starting at line
   *   1 is the file's start, where a byte order mark is skipped.
   */
  constructor(
    private readonly text: string,
    firstLine = 1,
  ) {
    this.line = firstLine;
    this.pos = firstLine === 1 && text.charCodeAt(0) === byteOrderMark ? 1 : 0;
  }

  /** The line the cursor is on (after the last record read, the line after it). */
  get currentLine(): number {
    return this.line;
  }

  /** Moves to the next record, skipping blank lines; false at the end of the text. */
  nextRecord(): boolean {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c === lf) {
        this.pos++;
      } else if (c === cr) {
        this.pos += text.charCodeAt(this.pos + 1) === lf ? 2 : 1;
      } else {
        this.recordLine = this.line;
        this.recordEnded = false;
        return true;
      }
      this.line++;
    }
    return false;
  }

  /**
   * Reads the next field of the current record.
   * @param column - 1-based column of the field, for error locations.
   * @throws DatasetFormatError for an unterminated quoted field or text after a closing quote.
   */
  readField(column: number): void {
    const text = this.text;
    const length = text.length;
    this.fieldLine = this.line;
    let i = this.pos;
    if (i < length && text.charCodeAt(i) === quote) {
      this.finishField(this.readQuoted(column));
      return;
    }
    const start = i;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === comma || c === lf || c === cr) break;
      i++;
    }
    this.fieldText = text;
    this.fieldStart = start;
    this.fieldEnd = i;
    this.finishField(i);
  }

  /** The current field's value as a string. */
  fieldValue(): string {
    return this.fieldText.slice(this.fieldStart, this.fieldEnd);
  }

  /** Reads a quoted field starting at `pos`; returns the index just after its closing quote. */
  private readQuoted(column: number): number {
    const text = this.text;
    const opening = this.pos;
    let segmentStart = opening + 1;
    let parts: string[] | null = null;
    for (;;) {
      const closing = text.indexOf('"', segmentStart);
      if (closing < 0) {
        throw new DatasetFormatError("unterminated quoted field", { row: this.fieldLine, column });
      }
      this.line += countLineBreaks(text, segmentStart, closing);
      if (text.charCodeAt(closing + 1) === quote) {
        (parts ??= []).push(text.slice(segmentStart, closing + 1));
        segmentStart = closing + 2;
        continue;
      }
      if (parts === null) {
        this.fieldText = text;
        this.fieldStart = opening + 1;
        this.fieldEnd = closing;
      } else {
        parts.push(text.slice(segmentStart, closing));
        this.fieldText = parts.join("");
        this.fieldStart = 0;
        this.fieldEnd = this.fieldText.length;
      }
      const after = closing + 1;
      const next = text.charCodeAt(after);
      if (after < text.length && next !== comma && next !== lf && next !== cr) {
        throw new DatasetFormatError(
          `unexpected character after a closing quote: ${JSON.stringify(text.charAt(after))}`,
          { row: this.line, column },
        );
      }
      return after;
    }
  }

  /** Steps over the delimiter or line end at `i`. */
  private finishField(i: number): void {
    const text = this.text;
    if (i >= text.length) {
      this.pos = text.length;
      this.recordEnded = true;
      return;
    }
    const c = text.charCodeAt(i);
    if (c === comma) {
      this.pos = i + 1;
      return;
    }
    this.pos = i + (c === cr && text.charCodeAt(i + 1) === lf ? 2 : 1);
    this.line++;
    this.recordEnded = true;
  }
}

/** Line breaks (`\n`, `\r\n`, lone `\r`) in `text[start, end)`. */
export function countLineBreaks(text: string, start = 0, end = text.length): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === lf || (c === cr && text.charCodeAt(i + 1) !== lf)) count++;
  }
  return count;
}
