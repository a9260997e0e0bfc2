import type { NumericDataset } from "@trainyard/domain";
import { sampleByteLength, type StreamedDataset } from "./streamed-dataset.js";

/**
 * An in-memory dataset in streamed form, its reader copying bytes out of `data.features`: to join
 * it with a streamed one (a validation dataset), and to test the streamed path against the
 * in-memory one on the same samples. The features' bytes are the host's; Trainyard runs on
 * little-endian hosts only (as `createStreamedBatchSource` checks).
 */
export function streamFromMemory(data: NumericDataset, options: Pick<StreamedDataset, "blockBytes" | "shuffleBufferSamples"> = {}): StreamedDataset {
  const bytes = new Uint8Array(data.features.buffer, data.features.byteOffset, data.features.byteLength);
  const sampleBytes = sampleByteLength(data);
  let maxTokenId: number | null = null;
  if (data.dtype === "int32") {
    maxTokenId = data.count === 0 ? null : -Infinity;
    for (const id of data.features) if (maxTokenId !== null && id > maxTokenId) maxTokenId = id;
  }
  return {
    count: data.count,
    featureShape: [...data.featureShape],
    dtype: data.dtype,
    numClasses: data.numClasses,
    labels: data.labels,
    maxTokenId,
    ...(data.labelNames === undefined ? {} : { labelNames: data.labelNames }),
    ...options,
    readSamples: async (first, count) => bytes.slice(first * sampleBytes, (first + count) * sampleBytes),
  };
}
