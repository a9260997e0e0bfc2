import { writeFile } from "node:fs/promises";
import { hostIsLittleEndian, swapByteOrder } from "../encoding/byte-order.js";

/** Writes labels as the stored `y.bin` (little-endian int32); returns the bytes written. */
export async function writeLabelsFile(path: string, labels: Int32Array): Promise<number> {
  const bytes = new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength);
  await writeFile(path, hostIsLittleEndian ? bytes : swapByteOrder(bytes, 4));
  return bytes.byteLength;
}
