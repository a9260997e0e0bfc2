import type * as tfjs from "@tensorflow/tfjs";
import type { NumericDataset } from "@trainyard/domain";

/**
 * One batch as tensors: `xs` `[n, ...inputShape]` (float32, or int32 token ids), `labels` int32
 * `[n]`. The caller disposes both.
 */
export interface Batch {
  xs: tfjs.Tensor;
  labels: tfjs.Tensor1D;
  size: number;
}

/**
 * Copies the samples `order[start..end)` of `data` into new tensors. uint8 features are scaled by
 * 1/255 into float32; float32 features are used as they are; int32 features are token ids and stay
 * int32 ids (an Embedding's input).
 */
export function makeBatch(
  tf: typeof tfjs,
  data: NumericDataset,
  inputShape: number[],
  order: Int32Array,
  start: number,
  end: number,
): Batch {
  const size = end - start;
  const sampleSize = inputShape.reduce((a, b) => a * b, 1);
  const ids = data.dtype === "int32";
  const features = ids ? new Int32Array(size * sampleSize) : new Float32Array(size * sampleSize);
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
    xs: tf.tensor(features, [size, ...inputShape], ids ? "int32" : "float32"),
    labels: tf.tensor1d(labels, "int32"),
    size,
  };
}
