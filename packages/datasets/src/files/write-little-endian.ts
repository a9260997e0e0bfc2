import type { FileHandle } from "node:fs/promises";
import { hostIsLittleEndian, swapByteOrder } from "../encoding/byte-order.js";

/**
 * Appends `values` to an open file in the stored little-endian form (swapped only on a big-endian
 * host); returns the bytes written.
 */
export async function writeLittleEndian(handle: FileHandle, values: Uint8Array | Int32Array | Float32Array): Promise<number> {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const stored = hostIsLittleEndian || values.BYTES_PER_ELEMENT === 1 ? bytes : swapByteOrder(bytes, values.BYTES_PER_ELEMENT);
  await handle.write(stored, 0, stored.byteLength);
  return stored.byteLength;
}
