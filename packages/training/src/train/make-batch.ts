import type * as tfjs from "@tensorflow/tfjs";
import type { ParsedDataset } from "@trainyard/domain";

/** One batch as tensors: `xs` float32 `[n, ...inputShape]`, `labels` int32 `[n]`. The caller disposes both. */
export interface Batch {
  xs: tfjs.Tensor;
  labels: tfjs.Tensor1D;
  size: number;
}

/**
 * Copies the samples `order[start..end)` of `data` into new tensors. uint8 features are scaled by
 * 1/255; float32 features are used as they are.
 */
export function makeBatch(
  tf: typeof tfjs,
  data: ParsedDataset,
  inputShape: number[],
  order: Int32Array,
  start: number,
  end: number,
): Batch {
  const size = end - start;
  const sampleSize = inputShape.reduce((a, b) => a * b, 1);
  const features = new Float32Array(size * sampleSize);
  const labels = new Int32Array(size);
  const scale = data.dtype === "uint8" ? 1 / 255 : 1;
  for (let i = 0; i < size; i++) {
    const sample = order[start + i] ?? 0;
    const from = sample * sampleSize;
    const to = i * sampleSize;
    if (scale === 1) {
      features.set(data.features.subarray(from, from + sampleSize), to);
    } else {
      for (let j = 0; j < sampleSize; j++) features[to + j] = (data.features[from + j] ?? 0) * scale;
    }
    labels[i] = data.labels[sample] ?? 0;
  }
  return {
    xs: tf.tensor(features, [size, ...inputShape], "float32"),
    labels: tf.tensor1d(labels, "int32"),
    size,
  };
}
