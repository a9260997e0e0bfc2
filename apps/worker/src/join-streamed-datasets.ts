import type { StreamedDataset } from "@trainyard/training";

/**
 * The samples of `a` followed by those of `b` as one streamed dataset (same kind and shape, checked
 * at submit): a read that spans the seam reads the end of `a` and the start of `b`. Used to train
 * on `a` and validate on `b` with one split.
 */
export function joinStreamedDatasets(a: StreamedDataset, b: StreamedDataset): StreamedDataset {
  const count = a.count + b.count;
  const labels = new Int32Array(count);
  labels.set(a.labels);
  labels.set(b.labels, a.count);
  const maxTokenId = a.maxTokenId === null || b.maxTokenId === null ? null : Math.max(a.maxTokenId, b.maxTokenId);
  return {
    count,
    featureShape: [...a.featureShape],
    dtype: a.dtype,
    numClasses: Math.max(a.numClasses, b.numClasses),
    labels,
    maxTokenId,
    ...(a.labelNames === undefined ? {} : { labelNames: a.labelNames }),
    readSamples: async (first, samples) => {
      const fromA = Math.max(0, Math.min(samples, a.count - first));
      const fromB = samples - fromA;
      const parts = await Promise.all([
        fromA > 0 ? a.readSamples(first, fromA) : undefined,
        fromB > 0 ? b.readSamples(Math.max(0, first - a.count), fromB) : undefined,
      ]);
      const [head, tail] = parts;
      if (head === undefined) return tail ?? new Uint8Array(0);
      if (tail === undefined) return head;
      const joined = new Uint8Array(head.byteLength + tail.byteLength);
      joined.set(head);
      joined.set(tail, head.byteLength);
      return joined;
    },
  };
}
