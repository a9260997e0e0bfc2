import { randomUUID } from "node:crypto";
import { mkdir, open, rename, rm, type FileHandle } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { tempFilePrefix } from "./assert-object-key.js";

/**
 * Writes `body` to `path` so that readers see either the old file or the whole new one: the bytes
 * go to a temp file in the same directory (same filesystem), are flushed to disk, then renamed over
 * `path`. A stream is written chunk by chunk as it arrives, never buffered whole. On failure the temp
 * file is removed, a stream body is destroyed (as `pipeline` does) and `path` is untouched.
 * Concurrent writers of one path each rename a complete file; the last rename wins.
 *
 * @returns the number of bytes written.
 */
export async function writeFileAtomically(path: string, body: Uint8Array | Readable): Promise<number> {
  const stream = body instanceof Uint8Array ? null : body;
  // The stream may fail while the temp file is being opened, before anything reads it: without a
  // listener that 'error' would be uncaught. Reading it later rethrows the error anyway.
  const ignoreEarlyError = (): void => undefined;
  stream?.on("error", ignoreEarlyError);
  const directory = dirname(path);
  const tempPath = join(directory, `${tempFilePrefix}${randomUUID()}`);
  let handle: FileHandle | null = null;
  try {
    await mkdir(directory, { recursive: true });
    handle = await open(tempPath, "wx");
    let size = 0;
    if (stream === null) {
      size = await writeAll(handle, body as Uint8Array);
    } else {
      for await (const chunk of stream as AsyncIterable<unknown>) {
        size += await writeAll(handle, toBytes(chunk));
      }
    }
    await handle.sync();
    await handle.close();
    handle = null;
    await rename(tempPath, path);
    return size;
  } catch (error) {
    stream?.destroy();
    await handle?.close().catch(() => undefined);
    await rm(tempPath, { force: true });
    throw error;
  } finally {
    stream?.off("error", ignoreEarlyError);
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<number> {
  let offset = 0;
  while (offset < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset);
    offset += bytesWritten;
  }
  return bytes.byteLength;
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === "string") return Buffer.from(chunk);
  throw new TypeError(`stream chunks must be bytes or strings, got ${typeof chunk}`);
}
