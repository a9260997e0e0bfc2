import { DatasetFormatError, NotFoundError, type DatasetRecord, type ObjectStore } from "@trainyard/domain";
import { sampleByteLength, type StreamedDataset } from "@trainyard/training";

/**
 * A stored numeric dataset as a `StreamedDataset`: its labels (y.bin, 4 bytes a sample) are read
 * and range-checked as `decodeDataset` does; its features (x.bin) stay in the object store and are
 * read range by range while training. Only x.bin's size is checked here.
 * @throws DatasetFormatError when x.bin or y.bin does not match the row, or a label is out of range.
 * @throws NotFoundError when x.bin is missing (storage trouble: the job is retried).
 */
export async function openStreamedDataset(store: ObjectStore, dataset: DatasetRecord): Promise<StreamedDataset> {
  const { dtype, count, featureShape, numClasses } = dataset;
  if (dtype === "text") throw new Error("text datasets are tokenized in memory; they cannot be streamed");
  const xKey = `${dataset.storageKey}/x.bin`;
  const sampleBytes = sampleByteLength({ featureShape, dtype });
  const stored = await store.stat(xKey);
  if (stored === null) throw new NotFoundError("object", xKey);
  const expected = count * sampleBytes;
  if (stored.sizeBytes !== expected) {
    throw new DatasetFormatError(`x.bin is ${stored.sizeBytes} bytes, expected ${expected} (${count} x ${featureShape.join(" x ")} ${dtype})`, {
      file: "x.bin",
      byteOffset: Math.min(stored.sizeBytes, expected),
    });
  }
  const labels = decodeLabels(await store.getBuffer(`${dataset.storageKey}/y.bin`), count, numClasses);
  return {
    count,
    featureShape: [...featureShape],
    dtype,
    numClasses,
    labels,
    maxTokenId: dataset.maxTokenId,
    ...(dataset.labelNames === null ? {} : { labelNames: dataset.labelNames }),
    readSamples: (first, samples) => store.readRange(xKey, first * sampleBytes, samples * sampleBytes),
  };
}

/** y.bin's little-endian int32 labels, each checked to be in 0..numClasses-1. */
function decodeLabels(y: Uint8Array, count: number, numClasses: number): Int32Array {
  if (y.byteLength !== count * 4) {
    throw new DatasetFormatError(`y.bin is ${y.byteLength} bytes, expected ${count * 4} (${count} int32 labels)`, { file: "y.bin", byteOffset: Math.min(y.byteLength, count * 4) });
  }
  const view = new DataView(y.buffer, y.byteOffset, y.byteLength);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = view.getInt32(i * 4, true);
    if (label < 0 || label >= numClasses) {
      throw new DatasetFormatError(`label ${label} of sample ${i} is outside 0..${numClasses - 1}`, { file: "y.bin", byteOffset: i * 4 });
    }
    labels[i] = label;
  }
  return labels;
}
