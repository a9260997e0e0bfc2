import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PayloadTooLargeError } from "@trainyard/domain";

/** What a source reader does with an object's bytes: keep them (`collectBounded`) or write them to a file (`writeBounded`). */
export type BoundedSink<T> = (chunks: AsyncIterable<Uint8Array>, maxBytes: number, what: string) => Promise<T>;

/** Nothing to read: a source with no body. */
export async function* noChunks(): AsyncIterable<Uint8Array> {}

/**
 * Concatenates `chunks`, failing as soon as more than `maxBytes` arrive (the iterator is then
 * closed, which destroys a stream source).
 * @throws PayloadTooLargeError naming `what` and the limit.
 */
export async function collectBounded(chunks: AsyncIterable<Uint8Array>, maxBytes: number, what: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(what, maxBytes);
    parts.push(chunk);
  }
  return Buffer.concat(parts, size);
}

/** The error for a dataset source larger than `maxBytes`. */
export function tooLarge(what: string, maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`${what} is larger than the limit of ${maxBytes} bytes`);
}

/**
 * A sink that streams the chunks into the file at `path` (created or replaced), failing as soon as
 * more than `maxBytes` arrive. Returns the bytes written. Memory stays flat whatever the size.
 * @throws PayloadTooLargeError naming `what` and the limit.
 */
export function writeBounded(path: string): BoundedSink<number> {
  return async (chunks, maxBytes, what) => {
    let size = 0;
    const counted = Readable.from(
      (async function* () {
        for await (const chunk of chunks) {
          size += chunk.byteLength;
          if (size > maxBytes) throw tooLarge(what, maxBytes);
          yield chunk;
        }
      })(),
    );
    await pipeline(counted, createWriteStream(path));
    return size;
  };
}
