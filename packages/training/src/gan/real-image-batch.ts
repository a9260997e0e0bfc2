import type * as tfjs from "@tensorflow/tfjs";
import type { NumericDataset } from "@trainyard/domain";

/** A linear map `value * factor + offset` that takes a dataset's values to [-1, 1]. */
export interface ImageScaling {
  factor: number;
  offset: number;
}

/**
 * How to scale `data` to the generator's tanh range [-1, 1]: uint8 as `x / 127.5 - 1`; float32
 * min-max over the whole dataset (a constant dataset maps to 0).
 */
export function resolveImageScaling(data: NumericDataset): ImageScaling {
  if (data.dtype === "uint8") return { factor: 1 / 127.5, offset: -1 };
  let min = Infinity;
  let max = -Infinity;
  for (const value of data.features) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (!(max > min)) return { factor: 0, offset: 0 };
  const factor = 2 / (max - min);
  return { factor, offset: -1 - min * factor };
}

/**
 * Copies the samples `order[start..end)` of `data`, scaled, into a new float32 tensor
 * `[n, ...imageShape]`; the caller disposes it.
 */
export function makeRealImageBatch(
  tf: typeof tfjs,
  data: NumericDataset,
  imageShape: number[],
  scaling: ImageScaling,
  order: Int32Array,
  start: number,
  end: number,
): tfjs.Tensor {
  const size = end - start;
  const sampleSize = imageShape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size * sampleSize);
  const { factor, offset } = scaling;
  for (let i = 0; i < size; i++) {
    const from = (order[start + i] ?? 0) * sampleSize;
    const to = i * sampleSize;
    for (let j = 0; j < sampleSize; j++) values[to + j] = (data.features[from + j] ?? 0) * factor + offset;
  }
  return tf.tensor(values, [size, ...imageShape], "float32");
}
