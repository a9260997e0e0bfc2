import type { ParsedDataset } from "@trainyard/domain";
import { createSeededRandom } from "../train/seeded-random.js";

/** Test helper: `size` floats uniform in [-1, 1) from a seeded generator. */
export function randomFloats(size: number, seed: number): Float32Array {
  const random = createSeededRandom(seed);
  return Float32Array.from({ length: size }, () => random() * 2 - 1);
}

/**
 * Test helper: a small separable image dataset. Class k's samples are noise with a bright band at
 * row k % height, so a CNN learns it in a few epochs.
 */
export function makeImageDataset(options: {
  count: number;
  height: number;
  width: number;
  channels?: number;
  numClasses: number;
  seed: number;
}): ParsedDataset {
  const { count, height, width, numClasses } = options;
  const channels = options.channels ?? 1;
  const random = createSeededRandom(options.seed);
  const sampleSize = height * width * channels;
  const features = new Uint8Array(count * sampleSize);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % numClasses;
    labels[i] = label;
    for (let j = 0; j < sampleSize; j++) {
      const row = Math.floor(j / (width * channels));
      const bright = row === label % height;
      features[i * sampleSize + j] = Math.floor(random() * 60) + (bright ? 190 : 0);
    }
  }
  const featureShape = channels === 1 ? [height, width] : [height, width, channels];
  return { count, featureShape, dtype: "uint8", numClasses, features, labels };
}
