import type { ParsedDataset } from "@trainyard/domain";
import { defaultMaxDecompressedBytes, gunzipIfCompressed } from "../gunzip-if-compressed.js";
import { addJsonlLines, withoutByteOrderMark } from "./add-jsonl-lines.js";
import { JsonlSampleBuffer } from "./jsonl-sample-buffer.js";

export interface JsonlParseOptions {
  /** Largest decompressed size of a gzipped file, default 1 GiB. */
  maxDecompressedBytes?: number;
}

/**
 * Parses a JSON Lines dataset: one JSON object per line (blank lines skipped; `\r\n`, a UTF-8
 * byte order mark and gzip (1f 8b) accepted), each with an integer `label` >= 0 and exactly one of:
 * - `text`: a string. The result is a TextDataset (dtype "text", featureShape []), tokenized later
 *   by the worker with a vocabulary built from the training split.
 * - `tokens`: an array of integer token ids >= 0, of any length. The result is int32 of
 *   featureShape [maxLength], 0 first and each line's ids last (pre-padding): id 0 is padding, so real
 *   tokens should start at 1.
 * - `features`: an array of numbers, the same length on every line: float32 of featureShape [F].
 *
 * Every line must use the same kind. Other keys are ignored. numClasses is the largest label + 1.
 *
 * @throws DatasetFormatError with the 1-based line (`row`) and, where it helps, the `column` of the
 *   offending key (or JSON syntax error): invalid JSON, a line that is not an object, a missing,
 *   negative or fractional label, none or several of text/tokens/features, a kind other than the
 *   first line's, a token id that is not a non-negative integer, ragged or non-numeric features,
 *   an empty file, every `tokens` array empty, fewer than 2 classes.
 * @throws PayloadTooLargeError when a gzipped file decompresses beyond the limit.
 */
export function parseJsonlDataset(data: Uint8Array, options: JsonlParseOptions = {}): ParsedDataset {
  const bytes = gunzipIfCompressed("data", data, options.maxDecompressedBytes ?? defaultMaxDecompressedBytes);
  const text = withoutByteOrderMark(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  const samples = new JsonlSampleBuffer();
  addJsonlLines(samples, text, 0);
  return samples.finish();
}
