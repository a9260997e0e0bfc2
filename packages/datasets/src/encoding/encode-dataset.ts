import { DatasetFormatError, type NumericDataset, type ParsedDataset } from "@trainyard/domain";
import { hostIsLittleEndian, swapByteOrder } from "./byte-order.js";
import { encodeTexts } from "./text-lines.js";

/** A dataset as two byte blobs: what is stored as `x.bin` and `y.bin`. */
export interface EncodedDataset {
  /**
   * Features: for `uint8`, `float32` and `int32`, the values row-major, little-endian; for `text`,
   * UTF-8 lines each holding one sample's string as a JSON string (so newlines inside a text are
   * escaped), every line ending with "\n".
   */
  x: Uint8Array;
  /** Labels as little-endian int32, one per sample. */
  y: Uint8Array;
}

const arrayTypes = { uint8: Uint8Array, float32: Float32Array, int32: Int32Array } as const;

/**
 * The stored form of a dataset. For numeric datasets on little-endian hosts the result views the
 * dataset's own memory (no copy); texts are written out as JSON lines.
 *
 * @throws DatasetFormatError when the arrays do not match count, featureShape and dtype.
 */
export function encodeDataset(dataset: ParsedDataset): EncodedDataset {
  const { count, labels } = dataset;
  if (dataset.dtype === "text") {
    if (dataset.texts.length !== count) {
      throw new DatasetFormatError(`texts must be ${count} strings, found ${dataset.texts.length}`);
    }
  } else {
    checkFeatures(dataset);
  }
  if (labels.length !== count) {
    throw new DatasetFormatError(`labels must be ${count} values, found ${labels.length}`);
  }
  const x = dataset.dtype === "text" ? encodeTexts(dataset.texts) : toLittleEndianBytes(dataset.features);
  return { x, y: toLittleEndianBytes(labels) };
}

function checkFeatures({ count, featureShape, dtype, features }: NumericDataset): void {
  const values = count * featureShape.reduce((a, b) => a * b, 1);
  if (!(features instanceof arrayTypes[dtype]) || features.length !== values) {
    throw new DatasetFormatError(
      `features must be ${values} ${dtype} values (${count} x ${featureShape.join(" x ")}), ` +
        `found ${features.length} in a ${features.constructor.name}`,
    );
  }
}

function toLittleEndianBytes(array: Uint8Array | Float32Array | Int32Array): Uint8Array {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (hostIsLittleEndian || array.BYTES_PER_ELEMENT === 1) return bytes;
  return swapByteOrder(bytes, array.BYTES_PER_ELEMENT);
}
