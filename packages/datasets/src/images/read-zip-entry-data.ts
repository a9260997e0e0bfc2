import { inflateSync } from "fflate";
import type { RandomAccessFile } from "../files/random-access-file.js";
import type { ZipEntryLocation } from "./read-zip-directory.js";
import { u16 } from "./zip-bytes.js";
import { zipErrors } from "./zip-errors.js";

/**
 * One entry's data, read from its local header's offset and inflated as fflate's `unzipSync`
 * does: the data starts after the local header's name and extra field, is `compressedSize` bytes
 * (fewer when the file ends first), stored as it is or inflated into `originalSize` bytes (longer
 * output is cut there). Only this entry's bytes are held.
 *
 * @throws DatasetFormatError naming the entry when its deflate data is broken.
 */
export async function readZipEntryData(file: RandomAccessFile, entry: ZipEntryLocation): Promise<Uint8Array> {
  const local = await file.read(entry.localHeaderOffset, 30);
  const dataStart = entry.localHeaderOffset + 30 + u16(local, 26) + u16(local, 28);
  const data = await file.read(dataStart, entry.compressedSize);
  if (entry.compression === 0) return data;
  try {
    if (entry.compression !== 8) throw new Error(`unknown compression type ${entry.compression}`);
    return inflateSync(data, { out: new Uint8Array(entry.originalSize) });
  } catch (error) {
    throw zipErrors.cannotInflate(entry.name, error);
  }
}
