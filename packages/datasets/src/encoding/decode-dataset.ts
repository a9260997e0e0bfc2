import { DatasetFormatError, type NumericDataset, type ParsedDataset, type TextDataset } from "@trainyard/domain";
import { hostIsLittleEndian, swapByteOrder } from "./byte-order.js";
import { decodeTexts } from "./text-lines.js";

/** What is stored about a dataset besides its bytes (its database row). */
export interface DatasetMeta {
  count: number;
  /** [] for text datasets. */
  featureShape: number[];
  dtype: ParsedDataset["dtype"];
  numClasses: number;
}

/**
 * Rebuilds a dataset from its stored `x.bin` and `y.bin` bytes (see encodeDataset): a
 * NumericDataset for dtype uint8, float32 or int32, a TextDataset for dtype text. Numeric typed
 * arrays view `x` and `y` directly when they are 4-byte aligned (as buffers read from a file are)
 * on a little-endian host; otherwise the bytes are copied.
 *
 * @throws DatasetFormatError when a blob's size (or, for text, its line count) does not match
 *   `meta`, a text line is not a JSON string, or a label is outside 0..numClasses-1.
 */
export function decodeDataset(meta: DatasetMeta & { dtype: NumericDataset["dtype"] }, x: Uint8Array, y: Uint8Array): NumericDataset;
export function decodeDataset(meta: DatasetMeta & { dtype: "text" }, x: Uint8Array, y: Uint8Array): TextDataset;
export function decodeDataset(meta: DatasetMeta, x: Uint8Array, y: Uint8Array): ParsedDataset;
export function decodeDataset(meta: DatasetMeta, x: Uint8Array, y: Uint8Array): ParsedDataset {
  const { count, featureShape, dtype, numClasses } = meta;
  if (dtype === "text") {
    const labels = decodeLabels(y, count, numClasses);
    return { count, featureShape: [], dtype, numClasses, texts: decodeTexts(x, count), labels };
  }
  const values = count * featureShape.reduce((a, b) => a * b, 1);
  const bytesPerValue = dtype === "uint8" ? 1 : 4;
  checkSize("x.bin", x, values * bytesPerValue, `${count} x ${featureShape.join(" x ")} ${dtype}`);
  const labels = decodeLabels(y, count, numClasses);
  const features =
    dtype === "float32"
      ? viewAs(Float32Array, x)
      : dtype === "int32"
        ? viewAs(Int32Array, x)
        : new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  return { count, featureShape: [...featureShape], dtype, numClasses, features, labels };
}

function decodeLabels(y: Uint8Array, count: number, numClasses: number): Int32Array {
  checkSize("y.bin", y, count * 4, `${count} int32 labels`);
  const labels = viewAs(Int32Array, y);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] ?? 0;
    if (label < 0 || label >= numClasses) {
      throw new DatasetFormatError(`label ${label} of sample ${i} is outside 0..${numClasses - 1}`, {
        file: "y.bin",
        byteOffset: i * 4,
      });
    }
  }
  return labels;
}

function checkSize(file: string, bytes: Uint8Array, expected: number, what: string): void {
  if (bytes.byteLength !== expected) {
    throw new DatasetFormatError(`${file} is ${bytes.byteLength} bytes, expected ${expected} (${what})`, {
      file,
      byteOffset: Math.min(bytes.byteLength, expected),
    });
  }
}

/**
 * A 4-byte typed array over little-endian `bytes`: a view of the same memory when it is aligned
 * and the host is little-endian, else over a (swapped) copy.
 */
function viewAs<T>(
  type: new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T,
  bytes: Uint8Array,
): T {
  let source = bytes;
  if (!hostIsLittleEndian) source = swapByteOrder(bytes, 4);
  else if (bytes.byteOffset % 4 !== 0) source = bytes.slice();
  return new type(source.buffer, source.byteOffset, source.byteLength / 4);
}
