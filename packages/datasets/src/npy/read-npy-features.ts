import { DatasetFormatError } from "@trainyard/domain";
import { hostIsLittleEndian } from "../encoding/byte-order.js";
import type { NpyFile } from "./read-npy-file.js";

const float32Max = 3.4028234663852886e38;

/**
 * The features of a checked x file: uint8 data as a view (no copy), float32 as a copy, float64
 * converted to float32.
 *
 * @throws DatasetFormatError (file "x", byte offset of the element) for NaN, an infinity, or a
 *   float64 value beyond float32 range.
 */
export function readNpyFeatures(x: NpyFile): Uint8Array | Float32Array {
  if (x.dtype.size === 1) return x.data;
  const count = x.data.length / x.dtype.size;
  const out = new Float32Array(count);
  if (hostIsLittleEndian) {
    // A fresh, aligned copy (the input may be a Buffer, whose slice() is a view, not a copy).
    const copy = new Uint8Array(x.data).buffer;
    const source = x.dtype.size === 4 ? new Float32Array(copy) : new Float64Array(copy);
    for (let i = 0; i < count; i++) out[i] = checkValue(source[i] ?? 0, i, x);
  } else {
    const view = new DataView(x.data.buffer, x.data.byteOffset, x.data.byteLength);
    for (let i = 0; i < count; i++) out[i] = checkValue(x.dtype.read(view, i), i, x);
  }
  return out;
}

/**
 * `value` when it is a finite float32; else the error for feature value `index` of x.
 * @throws DatasetFormatError (file "x", the element's byte offset).
 */
export function checkValue(value: number, index: number, x: Pick<NpyFile, "dataOffset" | "dtype">): number {
  if (Math.abs(value) <= float32Max) return value;
  const byteOffset = x.dataOffset + index * x.dtype.size;
  const problem = Number.isNaN(value) ? "NaN" : Number.isFinite(value) ? `${value}, beyond float32 range` : String(value);
  throw new DatasetFormatError(`feature value ${index} is ${problem}: features must be finite numbers`, { file: "x", byteOffset });
}
