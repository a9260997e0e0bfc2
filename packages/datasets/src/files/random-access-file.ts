import { open, type FileHandle } from "node:fs/promises";

/**
 * A file read by byte ranges, for formats whose index sits at the end (zip): small reads are served
 * from one window of the file read ahead, large ones read exactly what they ask for. Ranges are
 * clamped to the file: bytes past its end are simply missing from the result.
 */
export class RandomAccessFile {
  private buffer = Buffer.alloc(0);
  private windowStart = 0;
  private windowLength = 0;

  private constructor(
    private readonly handle: FileHandle,
    /** The file's size in bytes. */
    readonly size: number,
    private readonly windowBytes: number,
  ) {}

  /**
   * Opens `path` for reading.
   * @param windowBytes - Bytes read ahead by `view`, at least 1.
   */
  static async open(path: string, windowBytes: number): Promise<RandomAccessFile> {
    const handle = await open(path, "r");
    try {
      return new RandomAccessFile(handle, (await handle.stat()).size, Math.max(1, windowBytes));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /**
   * The bytes at `start .. start + length` (fewer past the end of the file), from the read-ahead
   * window: a view that the next call to `view` may overwrite. For walking small records in order.
   */
  async view(start: number, length: number): Promise<Uint8Array> {
    const end = Math.min(start + length, this.size);
    if (start >= end) return new Uint8Array(0);
    if (start < this.windowStart || end > this.windowStart + this.windowLength) {
      const size = Math.min(Math.max(this.windowBytes, end - start), this.size - start);
      if (this.buffer.length < size) this.buffer = Buffer.alloc(size);
      this.windowLength = await this.fill(this.buffer.subarray(0, size), start);
      this.windowStart = start;
    }
    return this.buffer.subarray(start - this.windowStart, Math.min(end - this.windowStart, this.windowLength));
  }

  /** A new buffer with the bytes at `start .. start + length` (fewer past the end of the file). */
  async read(start: number, length: number): Promise<Uint8Array> {
    const end = Math.min(start + length, this.size);
    if (start >= end) return new Uint8Array(0);
    const buffer = Buffer.alloc(end - start);
    return buffer.subarray(0, await this.fill(buffer, start));
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** Fills `buffer` from `position`; returns the bytes read (fewer only if the file shrank). */
  private async fill(buffer: Buffer, position: number): Promise<number> {
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await this.handle.read(buffer, filled, buffer.length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled;
  }
}
