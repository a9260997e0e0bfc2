/** The three keys of an .npy header dictionary. */
export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

/** A problem in the header text, at a character index of it. */
export class NpyHeaderSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
    this.name = "NpyHeaderSyntaxError";
  }
}

type Literal = string | boolean | number | Literal[] | { [key: string]: Literal };

/**
 * Parses the Python dict literal of an .npy header, e.g.
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`: quoted strings, True/False,
 * non-negative integers, tuples, lists and dicts, with optional trailing commas.
 *
 * @throws NpyHeaderSyntaxError for bad syntax, a missing key, or a key of the wrong type (a
 *   structured dtype's list `descr` included), with the character index of the problem.
 */
export function parseNpyHeader(text: string): NpyHeader {
  const reader = new LiteralReader(text);
  const value = reader.readValue();
  reader.skipBlanks();
  if (reader.pos < text.length) throw new NpyHeaderSyntaxError("unexpected text after the header dictionary", reader.pos);
  if (typeof value !== "object" || Array.isArray(value)) throw new NpyHeaderSyntaxError("the header is not a dictionary", 0);
  const { descr, fortran_order: fortranOrder, shape } = value;
  if (descr === undefined || fortranOrder === undefined || shape === undefined) {
    const missing = ["descr", "fortran_order", "shape"].filter((key) => value[key] === undefined);
    throw new NpyHeaderSyntaxError(`the header has no ${missing.map((key) => `'${key}'`).join(", ")}`, 0);
  }
  const at = (key: string): number => Math.max(0, text.indexOf(`'${key}'`));
  if (typeof descr !== "string") {
    throw new NpyHeaderSyntaxError("structured dtypes (a list 'descr') are not supported: save a plain array", at("descr"));
  }
  if (typeof fortranOrder !== "boolean") throw new NpyHeaderSyntaxError("'fortran_order' must be True or False", at("fortran_order"));
  if (!Array.isArray(shape) || !shape.every((size): size is number => typeof size === "number")) {
    throw new NpyHeaderSyntaxError("'shape' must be a tuple of integers", at("shape"));
  }
  return { descr, fortranOrder, shape };
}

class LiteralReader {
  pos = 0;
  constructor(private readonly text: string) {}

  skipBlanks(): void {
    while (this.pos < this.text.length && /\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  readValue(): Literal {
    this.skipBlanks();
    const c = this.text.charAt(this.pos);
    if (c === "'" || c === '"') return this.readString(c);
    if (c === "(" || c === "[") return this.readSequence(c === "(" ? ")" : "]");
    if (c === "{") return this.readDict();
    const word = /^(True|False|\d+)L?/.exec(this.text.slice(this.pos));
    if (word === null) throw new NpyHeaderSyntaxError(`unexpected ${describe(c)}`, this.pos);
    this.pos += word[0].length;
    const token = word[1] ?? "";
    return token === "True" ? true : token === "False" ? false : Number(token);
  }

  private readString(quote: string): string {
    const end = this.text.indexOf(quote, this.pos + 1);
    if (end < 0) throw new NpyHeaderSyntaxError("unterminated string", this.pos);
    const value = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return value;
  }

  private readSequence(close: string): Literal[] {
    this.pos++;
    const items: Literal[] = [];
    for (;;) {
      this.skipBlanks();
      if (this.text.charAt(this.pos) === close) {
        this.pos++;
        return items;
      }
      items.push(this.readValue());
      this.expectSeparator(close);
    }
  }

  private readDict(): { [key: string]: Literal } {
    this.pos++;
    const dict: { [key: string]: Literal } = {};
    for (;;) {
      this.skipBlanks();
      if (this.text.charAt(this.pos) === "}") {
        this.pos++;
        return dict;
      }
      const keyAt = this.pos;
      const key = this.readValue();
      if (typeof key !== "string") throw new NpyHeaderSyntaxError("dictionary keys must be strings", keyAt);
      this.skipBlanks();
      if (this.text.charAt(this.pos) !== ":") throw new NpyHeaderSyntaxError(`expected ":" after '${key}'`, this.pos);
      this.pos++;
      dict[key] = this.readValue();
      this.expectSeparator("}");
    }
  }

  /** Steps over a "," or stops before `close`. */
  private expectSeparator(close: string): void {
    this.skipBlanks();
    const c = this.text.charAt(this.pos);
    if (c === ",") this.pos++;
    else if (c !== close) throw new NpyHeaderSyntaxError(`expected "," or "${close}", found ${describe(c)}`, this.pos);
  }
}

function describe(c: string): string {
  return c === "" ? "the end of the header" : JSON.stringify(c);
}
