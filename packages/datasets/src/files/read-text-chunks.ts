import { open } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";

export interface ReadTextChunksOptions {
  /** Bytes read at a time, default 8 MiB. */
  chunkBytes?: number;
  /**
   * The end of the last complete record in `text` (which starts at a record boundary): the index
   * just after it, or 0 when `text` holds no complete record yet (more is then read and appended).
   */
  cut: (text: string) => number;
}

/** Default bytes read at a time. */
export const defaultTextChunkBytes = 8 * 1024 * 1024;

/**
 * Reads a UTF-8 file as strings that each end at a record boundary (see `cut`), about
 * `chunkBytes` at a time, so a parser can go through a file of any size with memory for one chunk.
 * The strings joined are the whole decoded text (a byte order mark is kept; multi-byte characters
 * are never split). The last string is whatever follows the last boundary, possibly empty.
 */
export async function* readTextChunks(path: string, options: ReadTextChunksOptions): AsyncGenerator<string> {
  const chunkBytes = options.chunkBytes ?? defaultTextChunkBytes;
  const decoder = new StringDecoder("utf8");
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(chunkBytes);
    let pending = "";
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      pending += decoder.write(buffer.subarray(0, bytesRead));
      const end = options.cut(pending);
      if (end > 0) {
        yield pending.slice(0, end);
        pending = pending.slice(end);
      }
    }
    yield pending + decoder.end();
  } finally {
    await handle.close();
  }
}
