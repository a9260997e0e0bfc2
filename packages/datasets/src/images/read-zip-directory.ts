import { strFromU8 } from "fflate";
import type { RandomAccessFile } from "../files/random-access-file.js";
import type { ZipEntryInfo } from "./read-zip-entries.js";
import { u16, u32, u64 } from "./zip-bytes.js";
import { zipErrors } from "./zip-errors.js";

/** A central directory entry and where its data is. */
export interface ZipEntryLocation extends ZipEntryInfo {
  /** Declared compressed size: the bytes read for the entry (fewer when the file ends first). */
  compressedSize: number;
  /** Offset of the entry's local header. */
  localHeaderOffset: number;
}

const endSignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const zip64EndSignature = 0x06064b50;
/** The end record is looked for in the last 22 + 65,537 bytes (a comment is at most 65,535). */
const endSearchBytes = 65_559;
const unset32 = 0xffffffff;

/**
 * Lists a zip file's entries from its central directory without inflating anything, reading the
 * file's last 64 KiB and then the directory in windows. It reads the records exactly as fflate's
 * `unzipSync` does on the whole bytes (`listZipEntries`): the same end-record search, the same
 * zip64 support (a zip64 end record located by the low 32 bits of its offset; entry sizes and
 * offsets from the zip64 extra field), the same name decoding (UTF-8 when flag bit 11 is set,
 * else Latin-1), and bytes past the end of the file read as zeros; so it accepts and refuses the
 * same archives with the same errors.
 *
 * @param maxEntries - Largest number of entries accepted (directories included).
 * @throws DatasetFormatError (byte offset 0) when the file is not a readable zip archive.
 * @throws PayloadTooLargeError when the directory lists more than `maxEntries` entries.
 */
export async function readZipDirectory(file: RandomAccessFile, maxEntries: number): Promise<ZipEntryLocation[]> {
  const { size } = file;
  const tailStart = Math.max(0, size - endSearchBytes);
  const tail = await file.read(tailStart, size - tailStart);
  let end = size - 22;
  while (u32(tail, end - tailStart) !== endSignature) {
    if (end === 0 || size - end > endSearchBytes - 1) throw invalidZip();
    end--;
  }
  let count = u16(tail, end - tailStart + 8);
  if (count === 0) return [];
  let offset = u32(tail, end - tailStart + 16);
  // fflate takes only the low 32 bits of the zip64 end record's offset.
  let zip64 = end >= 20 && u32(await file.view(end - 20, 4), 0) === zip64LocatorSignature;
  if (zip64) {
    const recordOffset = u32(await file.view(end - 12, 4), 0);
    const record = await file.view(recordOffset, 56);
    zip64 = u32(record, 0) === zip64EndSignature;
    if (zip64) {
      count = u32(record, 32);
      offset = u32(record, 48);
    }
  }

  const entries: ZipEntryLocation[] = [];
  for (let i = 0; i < count; i++) {
    // Every field is copied out of a view before the next `view` call may overwrite it.
    const header = await file.view(offset, 46);
    const nameLength = u16(header, 28);
    const extraLength = u16(header, 30);
    const commentLength = u16(header, 32);
    const utf8 = (u16(header, 8) & 2048) !== 0;
    const compression = u16(header, 10);
    const declared = { compressedSize: u32(header, 20), originalSize: u32(header, 24), localHeaderOffset: u32(header, 42) };
    const name = strFromU8(await file.view(offset + 46, nameLength), !utf8);
    const extraStart = offset + 46 + nameLength;
    const sizes = zip64 ? await readZip64Sizes(file, extraStart, extraLength, declared) : declared;
    offset = extraStart + extraLength + commentLength;
    // Checked after reading the entry, as `listZipEntries` does: a broken entry past the cap is still "unreadable".
    if (i >= maxEntries) throw zipErrors.tooManyEntries(maxEntries);
    entries.push({ name, compression, ...sizes });
  }
  return entries;
}

type EntrySizes = Pick<ZipEntryLocation, "compressedSize" | "originalSize" | "localHeaderOffset">;

/** The sizes and offset a zip64 extra field (id 1) gives for the fields set to 0xffffffff. */
async function readZip64Sizes(file: RandomAccessFile, start: number, length: number, declared: EntrySizes): Promise<EntrySizes> {
  const needsCompressed = declared.compressedSize === unset32 ? 1 : 0;
  const needsOriginal = declared.originalSize === unset32 ? 1 : 0;
  const needsOffset = declared.localHeaderOffset === unset32 ? 1 : 0;
  if (needsCompressed + needsOriginal + needsOffset === 0) return declared;
  // A field may claim up to 24 bytes past the extra data; fflate reads them from what follows it.
  const extra = await file.view(start, length + 24);
  for (let at = 0; at + 4 < length; at += 4 + u16(extra, at + 2)) {
    if (u16(extra, at) !== 1) continue;
    return {
      compressedSize: needsCompressed ? u64(extra, at + 4 + 8 * needsOriginal) : declared.compressedSize,
      originalSize: needsOriginal ? u64(extra, at + 4) : declared.originalSize,
      localHeaderOffset: needsOffset ? u64(extra, at + 4 + 8 * (needsOriginal + needsCompressed)) : declared.localHeaderOffset,
    };
  }
  throw invalidZip();
}

/** fflate's message for a zip it cannot read (its error 13). */
function invalidZip(): Error {
  return zipErrors.unreadable(new Error("invalid zip data"));
}
