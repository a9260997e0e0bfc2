import { DatasetFormatError, PayloadTooLargeError } from "@trainyard/domain";

/**
 * The errors of reading a zip, made in one place so that the in-memory reader (fflate on the whole
 * bytes) and the file reader give the same messages and locations.
 */
export const zipErrors = {
  /** The archive's end records or directory cannot be read: byte offset 0. */
  unreadable(error: unknown): DatasetFormatError {
    return new DatasetFormatError(`not a readable zip archive: ${describeError(error)}`, { byteOffset: 0 });
  },
  /** An entry's compressed data is broken: names the entry (byte offset 0 when none is known). */
  cannotInflate(file: string | undefined, error: unknown): DatasetFormatError {
    return new DatasetFormatError(`cannot decompress zip entry: ${describeError(error)}`, {
      ...(file === undefined ? { byteOffset: 0 } : { file }),
    });
  },
  /** The directory lists more than `maxEntries` entries. */
  tooManyEntries(maxEntries: number): PayloadTooLargeError {
    return new PayloadTooLargeError(`zip: more than ${maxEntries} entries`);
  },
};

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
