import { DatasetFormatError } from "@trainyard/domain";

/** The stored `x.bin` of a text dataset: one JSON string per line, UTF-8, each line ending with "\n". */
export function encodeTexts(texts: readonly string[]): Uint8Array {
  // JSON.stringify escapes "\n" (and lone surrogates), so each text stays on its own line.
  const lines = texts.map((text) => JSON.stringify(text));
  return Buffer.from(lines.length === 0 ? "" : `${lines.join("\n")}\n`, "utf8");
}

/**
 * Reads the texts written by encodeTexts.
 * @throws DatasetFormatError (file x.bin, 1-based row) when the line count is not `count` or a
 *   line is not a JSON string.
 */
export function decodeTexts(x: Uint8Array, count: number): string[] {
  const content = Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString("utf8");
  if (content.length > 0 && !content.endsWith("\n")) {
    throw new DatasetFormatError("x.bin does not end with a newline (truncated text lines?)", { file: "x.bin", byteOffset: x.byteLength });
  }
  const lines = content.length === 0 ? [] : content.slice(0, -1).split("\n");
  if (lines.length !== count) {
    throw new DatasetFormatError(`x.bin holds ${lines.length} text lines, expected ${count}`, { file: "x.bin" });
  }
  return lines.map((line, i) => {
    let text: unknown;
    try {
      text = JSON.parse(line);
    } catch {
      text = undefined;
    }
    if (typeof text !== "string") {
      throw new DatasetFormatError(`x.bin line ${i + 1} is not a JSON string`, { file: "x.bin", row: i + 1 });
    }
    return text;
  });
}
