import { unzipSync, type UnzipFileInfo } from "fflate";
import { zipErrors } from "./zip-errors.js";

/** One entry of a zip's central directory, as declared (nothing inflated yet). */
export interface ZipEntryInfo {
  /** Path inside the archive, `/`-separated; directories end with `/`. */
  name: string;
  /** Declared uncompressed size in bytes. */
  originalSize: number;
  /** Compression method: 0 stored, 8 deflate (the only two supported). */
  compression: number;
}

/**
 * Lists a zip's entries from its central directory without inflating any of them.
 *
 * @param maxEntries - Largest number of entries accepted (directories included).
 * @throws DatasetFormatError (byte offset 0) when the bytes are not a readable zip archive.
 * @throws PayloadTooLargeError when the archive has more than `maxEntries` entries.
 */
export function listZipEntries(zip: Uint8Array, maxEntries: number): ZipEntryInfo[] {
  const entries: ZipEntryInfo[] = [];
  const tooMany = zipErrors.tooManyEntries(maxEntries);
  try {
    unzipSync(zip, {
      filter: (info: UnzipFileInfo) => {
        // Stop as soon as the cap is passed: a forged directory may declare billions of entries.
        if (entries.length >= maxEntries) throw tooMany;
        entries.push({ name: info.name, originalSize: info.originalSize, compression: info.compression });
        return false;
      },
    });
  } catch (error) {
    if (error === tooMany) throw error;
    throw zipErrors.unreadable(error);
  }
  return entries;
}

/**
 * Inflates the named entries (and only those). The output of each entry is bounded by its
 * declared size, so the caller's check of declared sizes bounds memory.
 *
 * @throws DatasetFormatError naming the entry whose compressed data is broken.
 */
export function inflateZipEntries(zip: Uint8Array, names: ReadonlySet<string>): Map<string, Uint8Array> {
  let current: string | undefined;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (info: UnzipFileInfo) => {
        // fflate inflates an entry right after the filter accepts it: remember which one is running.
        current = info.name;
        return names.has(info.name);
      },
    });
  } catch (error) {
    throw zipErrors.cannotInflate(current, error);
  }
  return new Map(Object.entries(files));
}
