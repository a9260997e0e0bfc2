import { open, type FileHandle } from "node:fs/promises";
import { writeLittleEndian } from "../files/write-little-endian.js";
import type { FeatureStats } from "../stats/feature-stats.js";
import { maxTokensPerLine } from "./jsonl-sample-buffer.js";

/** Token ids read or written at a time (4 MiB of int32). */
const blockIds = 1024 * 1024;

export interface PadTokenIdsFileOptions {
  /** The work file of every line's ids back to back, unpadded, int32 in host byte order. */
  idsPath: string;
  /** Each line's number of ids, in order. */
  lengths: Uint16Array;
  /** The padded row length: the longest line's. */
  maxLength: number;
  /** The stored features (`x.bin`), open for writing at its start. */
  out: FileHandle;
  /** Fed every stored value, padding included, in order. */
  stats: FeatureStats;
}

/**
 * Writes the rows of [lengths.length, maxLength] int32 token ids, each line's ids last and 0
 * before them (pre-padding, as JsonlSampleBuffer pads), from the unpadded work file, a block of
 * rows at a time: memory stays at a few MiB whatever the count. Returns the bytes written.
 */
export async function padTokenIdsFile(options: PadTokenIdsFileOptions): Promise<number> {
  const { lengths, maxLength, out, stats } = options;
  const input = await open(options.idsPath, "r");
  try {
    const source = new Int32Array(Math.max(blockIds, maxTokensPerLine));
    const sourceBytes = new Uint8Array(source.buffer);
    let filledBytes = 0;
    let at = 0;
    const rowsPerBlock = Math.max(1, Math.floor(blockIds / maxLength));
    const padded = new Int32Array(rowsPerBlock * maxLength);
    let written = 0;
    for (let n = 0; n < lengths.length; ) {
      const rows = Math.min(rowsPerBlock, lengths.length - n);
      padded.fill(0, 0, rows * maxLength);
      for (let r = 0; r < rows; r++, n++) {
        const length = lengths[n] ?? 0;
        if (filledBytes - at * 4 < length * 4) {
          // Keep the unread ids (less than a line) at the start, then fill the rest from the file.
          sourceBytes.copyWithin(0, at * 4, filledBytes);
          filledBytes -= at * 4;
          at = 0;
          while (filledBytes < length * 4) {
            const { bytesRead } = await input.read(sourceBytes, filledBytes, sourceBytes.length - filledBytes, null);
            if (bytesRead === 0) throw new Error(`${options.idsPath} ended before line ${n + 1}'s token ids`);
            filledBytes += bytesRead;
          }
        }
        padded.set(source.subarray(at, at + length), (r + 1) * maxLength - length);
        at += length;
      }
      const block = padded.subarray(0, rows * maxLength);
      stats.add(block);
      written += await writeLittleEndian(out, block);
    }
    return written;
  } finally {
    await input.close();
  }
}
