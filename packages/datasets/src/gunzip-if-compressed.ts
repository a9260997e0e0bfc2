import { gunzipSync } from "node:zlib";
import { DatasetFormatError, PayloadTooLargeError } from "@trainyard/domain";

/** Default ceiling on a decompressed upload: 1 GiB. */
export const defaultMaxDecompressedBytes = 1024 * 1024 * 1024;

/**
 * The file's bytes, gunzipped when they start with the gzip signature (1f 8b), else unchanged.
 *
 * @param file - Name used in error locations ("images", "labels").
 * @param maxBytes - Largest decompressed size accepted, default 1 GiB: a small gzip "bomb" must
 *   not exhaust memory.
 * @throws DatasetFormatError when the gzip stream is broken or truncated.
 * @throws PayloadTooLargeError when the decompressed data exceeds `maxBytes`.
 */
export function gunzipIfCompressed(
  file: string,
  bytes: Uint8Array,
  maxBytes: number = defaultMaxDecompressedBytes,
): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if (isErrorWithCode(error, "ERR_BUFFER_TOO_LARGE")) {
      throw new PayloadTooLargeError(`${file}: decompressed data exceeds the limit of ${maxBytes} bytes`);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetFormatError(`file is gzip-compressed but cannot be decompressed: ${reason}`, {
      file,
      byteOffset: 0,
    });
  }
}

function isErrorWithCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
