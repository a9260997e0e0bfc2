import { DatasetFormatError } from "@trainyard/domain";

/** The one IDX element type we accept: unsigned bytes. */
const unsignedByte = 0x08;

/** IDX element type codes and their names, for error messages. */
const elementTypeNames: ReadonlyMap<number, string> = new Map([
  [0x08, "unsigned byte"],
  [0x09, "signed byte"],
  [0x0b, "int16"],
  [0x0c, "int32"],
  [0x0d, "float32"],
  [0x0e, "float64"],
]);

/** What one IDX file is expected to hold. */
export interface IdxFileKind {
  /** Name used in error locations: "images" or "labels". */
  file: string;
  /** Accepted magic numbers (0x00000800 | dimension count). */
  magics: readonly number[];
  /** Name of each dimension in order, for the longest accepted magic ("count", "rows", ...). */
  dimNames: readonly string[];
  /** What one element is, for error messages ("pixel", "label"). */
  elementName: string;
  /** Magic numbers of the other kind of file, to hint at swapped uploads. */
  otherMagics: readonly number[];
}

/** A checked IDX header: the dimensions and where the data starts. */
export interface IdxHeader {
  dims: number[];
  /** Byte offset at which the data starts (the header length). */
  dataOffset: number;
}

/** A checked IDX file: its dimensions and a view of its data bytes. */
export interface IdxFile extends IdxHeader {
  /** The data bytes, a view into the input (no copy). */
  data: Uint8Array;
}

/** Bytes of a file's start that always hold a whole IDX header (4 + 4 x 255 dimensions). */
export const idxHeaderMaxBytes = 4 + 4 * 255;

/**
 * Reads an uncompressed IDX file's header and checks that the data that follows is exactly as
 * long as the dimensions say.
 *
 * @throws DatasetFormatError naming `kind.file` and the byte offset of the problem: wrong magic
 *   number, unsupported element type, truncated header or data, a zero dimension, trailing bytes.
 */
export function readIdxFile(kind: IdxFileKind, bytes: Uint8Array): IdxFile {
  const header = readIdxHeader(kind, bytes, bytes.length);
  return { ...header, data: bytes.subarray(header.dataOffset) };
}

/**
 * Checks an IDX file from its first bytes (`head`: the whole file, or at least `idxHeaderMaxBytes`
 * of it) and its total length, without holding the data: the same checks and errors as
 * {@link readIdxFile}.
 */
export function readIdxHeader(kind: IdxFileKind, head: Uint8Array, totalLength: number): IdxHeader {
  const { file } = kind;
  const bytes = head;
  if (totalLength < 4) {
    throw new DatasetFormatError(
      `truncated header: expected at least 4 bytes for the magic number, found ${totalLength}`,
      { file, byteOffset: totalLength },
    );
  }
  const magic = readUint32BE(bytes, 0);
  const typeCode = bytes[2] ?? 0;
  const dimCount = bytes[3] ?? 0;
  if (!kind.magics.includes(magic)) {
    const magicWithByteType = (magic & 0xffff00ff) | (unsignedByte << 8);
    const typeName = elementTypeNames.get(typeCode);
    if (typeCode !== unsignedByte && typeName !== undefined && kind.magics.includes(magicWithByteType)) {
      throw new DatasetFormatError(
        `unsupported element type 0x${hex(typeCode, 2)} (${typeName}): only unsigned bytes (0x08) are supported`,
        { file, byteOffset: 2 },
      );
    }
    throw new DatasetFormatError(
      `wrong magic number: expected ${kind.magics.map((m) => `0x${hex(m, 8)}`).join(" or ")}, ` +
        `found 0x${hex(magic, 8)}${magicHint(kind, bytes)}`,
      { file, byteOffset: 0 },
    );
  }

  const dataOffset = 4 + 4 * dimCount;
  if (totalLength < dataOffset) {
    throw new DatasetFormatError(
      `truncated header: expected ${dataOffset} bytes for ${dimCount} dimensions, found ${totalLength}`,
      { file, byteOffset: totalLength },
    );
  }
  const dims: number[] = [];
  for (let i = 0; i < dimCount; i++) {
    const size = readUint32BE(bytes, 4 + 4 * i);
    if (size === 0) {
      throw new DatasetFormatError(`dimension ${i} (${kind.dimNames[i] ?? "?"}) is 0`, {
        file,
        byteOffset: 4 + 4 * i,
      });
    }
    dims.push(size);
  }

  // A product of uint32s can exceed 2^53, but then it is far beyond any buffer length anyway.
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = totalLength - dataOffset;
  const shape = dims.join(" x ");
  if (actual < expected) {
    throw new DatasetFormatError(
      `truncated data: expected ${expected} bytes of ${kind.elementName} data (${shape}), found ${actual}`,
      { file, byteOffset: totalLength },
    );
  }
  if (actual > expected) {
    throw new DatasetFormatError(
      `${actual - expected} trailing bytes after the ${kind.elementName} data ` +
        `(expected ${expected} bytes for ${shape}, found ${actual})`,
      { file, byteOffset: dataOffset + expected },
    );
  }
  return { dims, dataOffset };
}

function magicHint(kind: IdxFileKind, bytes: Uint8Array): string {
  if (kind.otherMagics.includes(readUint32BE(bytes, 0))) {
    return "; were the images and labels files swapped?";
  }
  const littleEndian = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (kind.magics.includes(littleEndian)) return "; the header looks little-endian, IDX is big-endian";
  return "";
}

function readUint32BE(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0, false);
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, "0");
}
