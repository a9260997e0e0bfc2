import { DatasetFormatError } from "@trainyard/domain";

/** Which field carries a JSONL sample's input. */
export type JsonlKind = "text" | "tokens" | "features";

const kinds: readonly JsonlKind[] = ["text", "tokens", "features"];
const int32Max = 2 ** 31 - 1;
/** Characters of a bad value quoted in an error message. */
const quotedValueLength = 40;

/** One checked JSONL line: its label and the value of its single input field. */
export type JsonlRecord =
  | { kind: "text"; label: number; text: string }
  | { kind: "tokens"; label: number; tokens: unknown[] }
  | { kind: "features"; label: number; features: unknown[] };

/**
 * Parses one non-blank JSONL line into a record: a JSON object with an integer `label` >= 0 and
 * exactly one of `text` (a string), `tokens` or `features` (arrays, whose elements are checked
 * by the caller while it stores them). Other keys are ignored.
 *
 * @param row - 1-based line number, for error locations.
 * @throws DatasetFormatError at `row` (and the column of the offending key when it is found).
 */
export function parseJsonlRecord(line: string, row: number): JsonlRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw invalidJson(error, row);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new DatasetFormatError(`a line must be a JSON object, got ${describeJson(value)}`, { row });
  }
  const object = value as Record<string, unknown>;
  const label = checkLabel(object.label, line, row);
  const present = kinds.filter((kind) => object[kind] !== undefined);
  const [kind] = present;
  if (kind === undefined || present.length > 1) {
    const found = present.length === 0 ? "none" : present.map((k) => `"${k}"`).join(" and ");
    throw new DatasetFormatError(`a line needs exactly one of "text", "tokens" or "features", found ${found}`, {
      row,
      ...keyColumn(line, present[1] ?? "label"),
    });
  }
  const input = object[kind];
  if (kind === "text") {
    if (typeof input !== "string") throw fieldError(line, row, "text", `must be a string, got ${describeJson(input)}`);
    return { kind, label, text: input };
  }
  if (!Array.isArray(input)) throw fieldError(line, row, kind, `must be an array, got ${describeJson(input)}`);
  return kind === "tokens" ? { kind, label, tokens: input } : { kind, label, features: input };
}

function checkLabel(label: unknown, line: string, row: number): number {
  if (label === undefined) throw new DatasetFormatError(`"label" is missing`, { row });
  if (typeof label !== "number" || !Number.isInteger(label) || label < 0) {
    throw fieldError(line, row, "label", `must be a non-negative integer, got ${describeJson(label)}`);
  }
  if (label > int32Max) throw fieldError(line, row, "label", `is too large: ${label} (at most ${int32Max})`);
  return label;
}

/**
 * A DatasetFormatError about `key` (or its element `index`) on this line, located at the key when
 * it can be found.
 */
export function fieldError(line: string, row: number, key: string, problem: string, index?: number): DatasetFormatError {
  const pointer = index === undefined ? `"${key}"` : `"${key}"[${index}]`;
  return new DatasetFormatError(`${pointer} ${problem}`, { row, ...keyColumn(line, key) });
}

/**
 * The 1-based column of `"key":` in the raw line. A quote inside a JSON string is escaped, so the
 * first `"key"` followed by a colon is a key (a nested object's key would also match: rare, and
 * only the pointer in the message would be off).
 */
function keyColumn(line: string, key: string): { column?: number } {
  const match = new RegExp(`"${key}"\\s*:`).exec(line);
  return match === null ? {} : { column: match.index + 1 };
}

/** Node's JSON.parse message without the echoed input, and the column when it gives a position. */
function invalidJson(error: unknown, row: number): DatasetFormatError {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const reason = message.replace(/ in JSON at position \d+.*$/s, "").replace(/, .*is not valid JSON$/s, "");
  return new DatasetFormatError(`invalid JSON: ${reason}`, {
    row,
    ...(position?.[1] === undefined ? {} : { column: Number(position[1]) + 1 }),
  });
}

/** A short description of a JSON value for an error message: its text, cut to 40 characters. */
export function describeJson(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > quotedValueLength ? `${text.slice(0, quotedValueLength)}...` : text;
}
