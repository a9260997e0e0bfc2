import { DatasetFormatError } from "@trainyard/domain";
import type { NpyFile } from "./read-npy-file.js";

const int32Max = 2 ** 31 - 1;

/**
 * The labels of a checked y file as int32, and the largest.
 *
 * @throws DatasetFormatError (file "y", byte offset of the element) for a negative label or one
 *   beyond int32.
 */
export function readNpyLabels(y: NpyFile): { labels: Int32Array; maxLabel: number } {
  const count = y.data.length / y.dtype.size;
  const view = new DataView(y.data.buffer, y.data.byteOffset, y.data.byteLength);
  const labels = new Int32Array(count);
  let maxLabel = -1;
  for (let i = 0; i < count; i++) {
    const label = y.dtype.read(view, i);
    if (label < 0 || label > int32Max) {
      const why = label < 0 ? "labels must be non-negative" : `labels must be at most ${int32Max}`;
      throw new DatasetFormatError(`label ${i} is ${label}: ${why}`, { file: "y", byteOffset: y.dataOffset + i * y.dtype.size });
    }
    labels[i] = label;
    if (label > maxLabel) maxLabel = label;
  }
  return { labels, maxLabel };
}
