import { DatasetFormatError, type ParsedDataset } from "@trainyard/domain";
import { hostIsLittleEndian, swapByteOrder } from "./byte-order.js";

/** A dataset as two byte blobs: what is stored as `x.bin` and `y.bin`. */
export interface EncodedDataset {
  /** Features, row-major, little-endian (`uint8` or `float32` as the dataset's dtype). */
  x: Uint8Array;
  /** Labels as little-endian int32, one per sample. */
  y: Uint8Array;
}

/**
 * The raw little-endian bytes of a dataset's features and labels. On little-endian hosts the
 * result views the dataset's own memory (no copy).
 *
 * @throws DatasetFormatError when the arrays do not match count, featureShape and dtype.
 */
export function encodeDataset(dataset: ParsedDataset): EncodedDataset {
  const { count, featureShape, dtype, features, labels } = dataset;
  const values = count * featureShape.reduce((a, b) => a * b, 1);
  const expectedType = dtype === "float32" ? Float32Array : Uint8Array;
  if (!(features instanceof expectedType) || features.length !== values) {
    throw new DatasetFormatError(
      `features must be ${values} ${dtype} values (${count} x ${featureShape.join(" x ")}), ` +
        `found ${features.length} in a ${features.constructor.name}`,
    );
  }
  if (labels.length !== count) {
    throw new DatasetFormatError(`labels must be ${count} values, found ${labels.length}`);
  }
  return { x: toLittleEndianBytes(features), y: toLittleEndianBytes(labels) };
}

function toLittleEndianBytes(array: Uint8Array | Float32Array | Int32Array): Uint8Array {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (hostIsLittleEndian || array.BYTES_PER_ELEMENT === 1) return bytes;
  return swapByteOrder(bytes, array.BYTES_PER_ELEMENT);
}
