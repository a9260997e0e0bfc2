import { createReadStream, createWriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { DatasetFormatError, PayloadTooLargeError } from "@trainyard/domain";

/**
 * The path of the file's data uncompressed: `path` itself, or, when the file starts with the gzip
 * signature (1f 8b), a new file in `workDir` it was decompressed into, chunk by chunk (memory stays
 * flat whatever the size). The streaming twin of `gunzipIfCompressed`, with the same errors.
 *
 * @param file - Name used in error locations ("images", "x").
 * @throws DatasetFormatError when the gzip stream is broken or truncated.
 * @throws PayloadTooLargeError when the decompressed data exceeds `maxBytes`.
 */
export async function gunzipFileIfCompressed(file: string, path: string, workDir: string, maxBytes: number): Promise<string> {
  if (!(await startsWithGzipSignature(path))) return path;
  const target = join(workDir, `${file}.gunzipped`);
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.byteLength;
      if (size > maxBytes) callback(new PayloadTooLargeError(`${file}: decompressed data exceeds the limit of ${maxBytes} bytes`));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(path), createGunzip(), limit, createWriteStream(target));
  } catch (error) {
    // zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR for a truncated stream) are the file's fault; others (disk full) are not.
    if (!String((error as NodeJS.ErrnoException).code ?? "").startsWith("Z_")) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetFormatError(`file is gzip-compressed but cannot be decompressed: ${reason}`, { file, byteOffset: 0 });
  }
  return target;
}

async function startsWithGzipSignature(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
