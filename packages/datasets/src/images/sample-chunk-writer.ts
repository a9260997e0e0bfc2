import { open, type FileHandle } from "node:fs/promises";
import type { FeatureStats } from "../stats/feature-stats.js";

/**
 * Collects uint8 samples of a fixed size in a chunk of about `chunkBytes` (at least one sample)
 * and appends each full chunk to a file, feeding the statistics in sample order.
 */
export class SampleChunkWriter {
  private readonly chunk: Uint8Array;
  private filled = 0;
  /** Bytes written to the file so far. */
  written = 0;

  private constructor(
    private readonly handle: FileHandle,
    private readonly sampleSize: number,
    chunkBytes: number,
    private readonly stats: FeatureStats,
  ) {
    this.chunk = new Uint8Array(Math.max(1, Math.floor(chunkBytes / sampleSize)) * sampleSize);
  }

  /** Creates or replaces the file at `path`. */
  static async create(path: string, sampleSize: number, chunkBytes: number, stats: FeatureStats): Promise<SampleChunkWriter> {
    return new SampleChunkWriter(await open(path, "w"), sampleSize, chunkBytes, stats);
  }

  /**
   * Where the next sample goes: `sampleSize` bytes of `features` from `offset`, to be filled
   * before the next call.
   */
  async next(): Promise<{ features: Uint8Array; offset: number }> {
    if (this.filled === this.chunk.length) await this.flush();
    const offset = this.filled;
    this.filled += this.sampleSize;
    return { features: this.chunk, offset };
  }

  /** Writes what is left and closes the file; returns the bytes written. */
  async close(): Promise<number> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
    return this.written;
  }

  /** Closes the file without writing what is left (after an error). */
  async abort(): Promise<void> {
    await this.handle.close();
  }

  private async flush(): Promise<void> {
    const bytes = this.chunk.subarray(0, this.filled);
    this.stats.add(bytes);
    for (let done = 0; done < bytes.length; ) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done);
      done += bytesWritten;
    }
    this.written += bytes.length;
    this.filled = 0;
  }
}
