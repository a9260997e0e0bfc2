// A generated image dataset a small CNN can learn but not trivially: 10 classes of stroke patterns,
// shifted, with distractor strokes and noise.
import { createSeededRandom } from "@trainyard/training";

/** 28 x 28 pixel images. */
export const patternSide = 28;
export const patternClasses = 10;

/** Strokes on a 20 x 20 grid: three rows, three columns and two diagonals, each 2 pixels thick. */
const strokes: ((r: number, c: number) => boolean)[] = [
  ...[3, 9, 15].map((row) => (r: number) => r >= row && r < row + 2),
  ...[3, 9, 15].map((col) => (_: number, c: number) => c >= col && c < col + 2),
  (r, c) => Math.abs(r - c) < 1.5,
  (r, c) => Math.abs(r + c - 19) < 1.5,
];
/** Each class is two strokes; every stroke is shared with other classes, so classes differ by combination. */
const classStrokes = [
  [0, 3], [0, 4], [1, 5], [2, 3], [1, 6], [2, 7], [4, 6], [5, 7], [0, 7], [3, 6],
] as const;

export interface PatternImageOptions {
  count: number;
  /** Standard deviation of the Gaussian pixel noise, default 0.35. */
  noise?: number;
  /** Chance of one extra stroke (not of the class) at half strength, default 0.5. */
  distractor?: number;
  seed?: number;
}

/** Images as float32 in [0, 1] (`count` x 28 x 28) and labels 0..9 in equal shares, shuffled. */
export interface PatternImages {
  features: Float32Array;
  labels: Int32Array;
}

/**
 * Each image holds its class's two strokes at a random strength (0.5 to 1) on a 20 x 20 grid shifted
 * by up to 4 pixels each way, sometimes a third (distractor) stroke, plus Gaussian noise, clipped to
 * [0, 1]. Seeded: the same options give the same images.
 */
export function makePatternImages(options: PatternImageOptions): PatternImages {
  const { count, noise = 0.35, distractor = 0.5, seed = 1 } = options;
  const random = createSeededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const labels = Int32Array.from({ length: count }, (_, i) => i % patternClasses);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [labels[i], labels[j]] = [labels[j] ?? 0, labels[i] ?? 0];
  }
  const pixels = patternSide * patternSide;
  const features = new Float32Array(count * pixels);
  labels.forEach((label, n) => {
    const drawn: [number, number][] = (classStrokes[label] ?? []).map((s) => [s, 0.5 + 0.5 * random()]);
    if (random() < distractor) drawn.push([Math.floor(random() * strokes.length), 0.25 + 0.25 * random()]);
    const top = Math.floor(random() * 9);
    const left = Math.floor(random() * 9);
    for (let r = 0; r < patternSide; r++) {
      for (let c = 0; c < patternSide; c++) {
        let value = noise * gaussian();
        for (const [stroke, strength] of drawn) {
          const [gr, gc] = [r - top, c - left];
          if (gr >= 0 && gr < 20 && gc >= 0 && gc < 20 && strokes[stroke]?.(gr, gc) === true) value += strength;
        }
        features[n * pixels + r * patternSide + c] = Math.min(1, Math.max(0, value));
      }
    }
  });
  return { features, labels };
}
