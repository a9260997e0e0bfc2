import { DatasetFormatError } from "@trainyard/domain";
import { splitDescr, type NpyDtype } from "./npy-dtypes.js";
import { NpyHeaderSyntaxError, parseNpyHeader } from "./parse-npy-header.js";

const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const zipSignature = [0x50, 0x4b, 0x03, 0x04]; // "PK\x03\x04"

/** What one .npy file of a dataset may hold. */
export interface NpyFileKind {
  /** Name used in error locations: "x" or "y". */
  file: string;
  /** Accepted element types by key ("f4", "u1"). */
  dtypes: ReadonlyMap<string, NpyDtype>;
}

/** A checked .npy header: element type, shape and where the data starts. */
export interface NpyHeader {
  /** The file's name in error locations ("x" or "y"). */
  file: string;
  descr: string;
  dtype: NpyDtype;
  shape: number[];
  /** Byte offset of the header dictionary text. */
  headerOffset: number;
  /** Byte offset of the header's 'shape' key, where shape problems are reported. */
  shapeOffset: number;
  /** Byte offset at which the data starts. */
  dataOffset: number;
}

/** A checked .npy file: its header and a view of its data bytes. */
export interface NpyFile extends NpyHeader {
  /** The data bytes, a view into the input (no copy). */
  data: Uint8Array;
}

/** Longest header {@link readNpyHeader} reads from a file's first bytes (numpy writes a few hundred). */
export const npyHeaderMaxBytes = 1024 * 1024;

/**
 * Reads an uncompressed .npy file (format 1.0, 2.0 or 3.0): checks the magic string, version,
 * header dictionary, element type (little-endian, one of `kind.dtypes`), C order, and that the
 * data is exactly as long as the shape says.
 *
 * @throws DatasetFormatError naming `kind.file` and the byte offset of the problem.
 */
export function readNpyFile(kind: NpyFileKind, bytes: Uint8Array): NpyFile {
  const header = readNpyHeader(kind, bytes, bytes.length);
  return { ...header, data: bytes.subarray(header.dataOffset) };
}

/**
 * Checks a .npy file from its first bytes (`head`: the whole file, or at least
 * `npyHeaderMaxBytes` of it) and its total length, without holding the data: the same checks
 * and errors as {@link readNpyFile}, plus a header longer than `head` is refused.
 */
export function readNpyHeader(kind: NpyFileKind, head: Uint8Array, totalLength: number): NpyHeader {
  const { file } = kind;
  const bytes = head;
  const fail = (message: string, byteOffset: number): DatasetFormatError => new DatasetFormatError(message, { file, byteOffset });
  if (!magic.every((byte, i) => bytes[i] === byte)) {
    const found = [...bytes.subarray(0, 6)].map((b) => b.toString(16).padStart(2, "0")).join(" ") || "nothing";
    const hint = zipSignature.every((byte, i) => bytes[i] === byte) ? "; this looks like a zip (.npz): upload the .npy files inside it" : "";
    throw fail(`not a .npy file: expected the magic string "\\x93NUMPY" (93 4e 55 4d 50 59), found ${found}${hint}`, 0);
  }
  if (totalLength < 10) throw fail(`truncated header: expected at least 10 bytes, found ${totalLength}`, totalLength);
  const major = bytes[6] ?? 0;
  const minor = bytes[7] ?? 0;
  if (major < 1 || major > 3 || minor !== 0) {
    throw fail(`unsupported .npy format version ${major}.${minor}: expected 1.0, 2.0 or 3.0`, 6);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerOffset = major === 1 ? 10 : 12;
  if (totalLength < headerOffset) {
    throw fail(`truncated header: expected at least ${headerOffset} bytes, found ${totalLength}`, totalLength);
  }
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = headerOffset + headerLength;
  if (totalLength < dataOffset) {
    throw fail(`truncated header: expected ${headerLength} header bytes, found ${totalLength - headerOffset}`, totalLength);
  }
  if (bytes.length < dataOffset) throw fail(`the header is ${headerLength} bytes; at most ${npyHeaderMaxBytes - headerOffset} are supported`, 8);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + headerOffset, headerLength).toString(major === 3 ? "utf8" : "latin1");
  const at = (key: string): number => headerOffset + Math.max(0, text.indexOf(`'${key}'`));

  let header;
  try {
    header = parseNpyHeader(text);
  } catch (error) {
    if (!(error instanceof NpyHeaderSyntaxError)) throw error;
    throw fail(`bad header: ${error.message}`, headerOffset + error.index);
  }
  const { descr, fortranOrder, shape } = header;
  if (fortranOrder) {
    throw fail("Fortran-order arrays are not supported: save a C-order array (np.ascontiguousarray)", at("fortran_order"));
  }
  const split = splitDescr(descr);
  const dtype = split === null ? undefined : kind.dtypes.get(split.key);
  if (split === null || dtype === undefined) {
    const accepted = [...kind.dtypes.keys()].map((key) => `'${key === "u1" || key === "i1" ? "|" : "<"}${key}'`).join(", ");
    throw fail(`unsupported dtype '${descr}' for ${file}: expected one of ${accepted}`, at("descr"));
  }
  if (split.order === ">" && dtype.size > 1) {
    throw fail(`big-endian dtype '${descr}' is not supported: save little-endian data (array.astype('<${split.key}'))`, at("descr"));
  }

  // A product of sizes can exceed 2^53, but then it is far beyond any buffer length anyway.
  const expected = shape.reduce((a, b) => a * b, 1) * dtype.size;
  const actual = totalLength - dataOffset;
  const described = `shape ${formatShape(shape)} of '${descr}'`;
  if (actual < expected) {
    throw fail(`truncated data: expected ${expected} bytes for ${described}, found ${actual}`, totalLength);
  }
  if (actual > expected) {
    throw fail(`${actual - expected} trailing bytes after the data (expected ${expected} bytes for ${described}, found ${actual})`, dataOffset + expected);
  }
  return { file, descr, dtype, shape, headerOffset, shapeOffset: at("shape"), dataOffset };
}

/** A shape as Python prints it: (3,), (2, 4), (). */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}
