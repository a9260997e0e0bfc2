import { crc32, deflateRawSync } from "node:zlib";

/** One file of a zip written by `zipRecords`. */
export interface ZipRecordEntry {
  name: string;
  data: Uint8Array;
  /** 0: stored, 8: deflate (default); any other number is written as given, with the data stored. */
  method?: number;
}

export interface ZipRecordOptions {
  /** The archive comment after the end record (at most 65,535 bytes). */
  comment?: Uint8Array;
  /**
   * Write zip64 records: the sizes and offsets as 0xffffffff in the directory, given in zip64
   * extra fields. The zip64 end record is also written, without this, for more than 65,535 entries.
   */
  zip64?: boolean;
}

/**
 * The bytes of a zip archive in file order (local records, then the directory and end records),
 * built lazily so that a large archive can be streamed to a file. For tests and benchmarks that
 * need archives fflate's `zipSync` does not write (zip64, comments, other methods).
 */
export function* zipRecords(entries: Iterable<ZipRecordEntry>, options: ZipRecordOptions = {}): Generator<Buffer> {
  const directory: Buffer[] = [];
  let offset = 0;
  let count = 0;
  for (const entry of entries) {
    const method = entry.method ?? 8;
    const packed = method === 8 ? deflateRawSync(entry.data) : entry.data;
    const name = Buffer.from(entry.name, "utf8");
    const flags = /^[\x20-\x7e]*$/.test(entry.name) ? 0 : 0x800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(entry.data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(options.zip64 === true ? 45 : 20, 6);
    local.copy(central, 8, 6, 26);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    let extra = Buffer.alloc(0);
    if (options.zip64 === true) {
      extra = Buffer.alloc(28);
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(entry.data.length), 4);
      extra.writeBigUInt64LE(BigInt(packed.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
      for (const at of [20, 24, 42]) central.writeUInt32LE(0xffffffff, at);
      central.writeUInt16LE(extra.length, 30);
    }
    directory.push(central, name, extra);
    yield Buffer.concat([local, name]);
    yield Buffer.from(packed);
    offset += local.length + name.length + packed.length;
    count++;
  }
  const directoryBytes = Buffer.concat(directory);
  yield directoryBytes;
  const comment = options.comment ?? new Uint8Array(0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(count, 0xffff), 8);
  end.writeUInt16LE(Math.min(count, 0xffff), 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  if (options.zip64 === true) end.writeUInt32LE(0xffffffff, 16);
  // More than 65,535 entries need the zip64 end record's count.
  if (options.zip64 === true || count > 0xffff) yield zip64EndRecords(count, directoryBytes.length, offset);
  yield Buffer.concat([end, comment]);
}

/** The zip64 end record (at `directoryOffset + directorySize`) and its locator. */
function zip64EndRecords(count: number, directorySize: number, directoryOffset: number): Buffer {
  const record = Buffer.alloc(56 + 20);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(count), 24);
  record.writeBigUInt64LE(BigInt(count), 32);
  record.writeBigUInt64LE(BigInt(directorySize), 40);
  record.writeBigUInt64LE(BigInt(directoryOffset), 48);
  record.writeUInt32LE(0x07064b50, 56);
  record.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 64);
  record.writeUInt32LE(1, 72);
  return record;
}
