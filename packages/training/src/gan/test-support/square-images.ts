import type { NumericDataset } from "@trainyard/domain";
import { createSeededRandom } from "../../train/seeded-random.js";

/** Where the bright square sits in every `squareImages` sample: rows and columns 2..5 of 8x8. */
export const square = { from: 2, to: 6, size: 8 } as const;

/**
 * Test helper: `count` 8x8 uint8 images of a bright square (200..255) at a fixed place on a dark
 * background (0..30), seeded: the data distribution a GAN should learn.
 */
export function squareImages(count: number, seed: number, channels = 1): NumericDataset {
  const random = createSeededRandom(seed);
  const { size } = square;
  const sampleSize = size * size * channels;
  const features = new Uint8Array(count * sampleSize);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < sampleSize; j++) {
      const pixel = Math.floor(j / channels);
      const bright = isInside(Math.floor(pixel / size), pixel % size);
      features[i * sampleSize + j] = bright ? 200 + Math.floor(random() * 56) : Math.floor(random() * 31);
    }
  }
  const featureShape = channels === 1 ? [size, size] : [size, size, channels];
  return { count, featureShape, dtype: "uint8", numClasses: 1, features, labels: new Int32Array(count) };
}

/** Whether pixel (row, column) lies in the square. */
export function isInside(row: number, column: number): boolean {
  return row >= square.from && row < square.to && column >= square.from && column < square.to;
}

/**
 * Mean value inside the square minus the mean outside it, over `count` samples of `values`
 * (row-major [count, 8, 8, channels]): about 1.66 for real images scaled to [-1, 1], 0 for noise.
 */
export function squareContrast(values: ArrayLike<number>, count: number, channels = 1): number {
  let inside = 0;
  let outside = 0;
  let insideCount = 0;
  const { size } = square;
  for (let i = 0; i < count * size * size * channels; i++) {
    const pixel = Math.floor(i / channels) % (size * size);
    const value = values[i] ?? 0;
    if (isInside(Math.floor(pixel / size), pixel % size)) {
      inside += value;
      insideCount++;
    } else {
      outside += value;
    }
  }
  return inside / insideCount - outside / (values.length - insideCount);
}
