import { open } from "node:fs/promises";
import { hostIsLittleEndian, swapByteOrder } from "../encoding/byte-order.js";
import type { FeatureStats } from "../stats/feature-stats.js";

/** Bytes read at a time: a multiple of every element size, so no element straddles two chunks. */
const chunkBytes = 4 * 1024 * 1024;

export interface CopyFeatureDataOptions {
  /** The uncompressed source file. */
  path: string;
  /** Where its feature data starts and how many bytes it has (checked against the file before). */
  dataOffset: number;
  byteLength: number;
  /** The stored features (`x.bin`), created or replaced. */
  outPath: string;
  /**
   * Turns a chunk of source bytes into stored values (uint8 as they are, or float32), checking
   * each; `firstByte` is the chunk's offset from `dataOffset`, for error locations.
   */
  convert: (chunk: Uint8Array, firstByte: number) => Uint8Array | Float32Array;
  /** Fed every stored value. */
  stats: FeatureStats;
}

/**
 * Streams a file's feature data into the stored little-endian form, one 4 MiB chunk at a time:
 * memory stays flat whatever the size. Returns the bytes written.
 */
export async function copyFeatureData(options: CopyFeatureDataOptions): Promise<number> {
  const { path, dataOffset, byteLength, outPath, convert, stats } = options;
  const source = await open(path, "r");
  try {
    const target = await open(outPath, "w");
    try {
      const buffer = Buffer.alloc(Math.min(chunkBytes, Math.max(1, byteLength)));
      let written = 0;
      for (let done = 0; done < byteLength; ) {
        const { bytesRead } = await source.read(buffer, 0, Math.min(buffer.length, byteLength - done), dataOffset + done);
        if (bytesRead === 0) throw new Error(`${path} ended at ${dataOffset + done} bytes; it was checked to hold ${dataOffset + byteLength}`);
        const values = convert(buffer.subarray(0, bytesRead), done);
        stats.add(values);
        const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
        const stored = hostIsLittleEndian || values.BYTES_PER_ELEMENT === 1 ? bytes : swapByteOrder(bytes, values.BYTES_PER_ELEMENT);
        await target.write(stored, 0, stored.byteLength);
        written += stored.byteLength;
        done += bytesRead;
      }
      return written;
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
