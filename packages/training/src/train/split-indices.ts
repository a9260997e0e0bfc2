import { createSeededRandom, shuffleInPlace } from "./seeded-random.js";

/** Sample indices of the training and validation parts, each in ascending order. */
export interface DataSplit {
  train: Int32Array;
  validation: Int32Array;
}

export interface SplitIndicesOptions {
  /** One label per sample (only read with `stratify`). */
  labels: Int32Array;
  count: number;
  /** Fraction held out for validation, in [0, 1): `floor(count * validationSplit)` samples. */
  validationSplit: number;
  seed: number;
  /** Keep each class's share the same in both parts. */
  stratify: boolean;
}

/**
 * Splits samples `0..count-1` into a training and a validation part after a seeded shuffle: the
 * same options give the same split. With `stratify`, the validation count is shared among the
 * classes in proportion to their size (largest remainders get the rounding), and each class's
 * validation samples are drawn from its own shuffled samples. No TensorFlow.js import.
 */
export function splitIndices(options: SplitIndicesOptions): DataSplit {
  const { labels, count, validationSplit, seed, stratify } = options;
  if (!(validationSplit >= 0 && validationSplit < 1)) throw new RangeError(`validationSplit ${validationSplit} is outside [0, 1)`);
  if (labels.length !== count) throw new RangeError(`${labels.length} labels for ${count} samples`);
  const order = Int32Array.from({ length: count }, (_, i) => i);
  shuffleInPlace(order, createSeededRandom(seed));
  // The epsilon keeps 100 * 0.29 (28.999...) from losing a sample.
  const validationCount = Math.floor(count * validationSplit + 1e-9);
  const held = new Uint8Array(count);
  if (stratify) {
    for (const members of Object.values(takeByClass(order, labels, validationCount))) {
      for (const sample of members) held[sample] = 1;
    }
  } else {
    for (let i = 0; i < validationCount; i++) held[order[i] ?? 0] = 1;
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < count; i++) (held[i] === 1 ? validation : train).push(i);
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}

/** The first quota of each class's samples in `order`, with quotas summing to `total`. */
function takeByClass(order: Int32Array, labels: Int32Array, total: number): Record<number, number[]> {
  const byClass = new Map<number, number[]>();
  for (const sample of order) {
    const label = labels[sample] ?? 0;
    const members = byClass.get(label) ?? [];
    members.push(sample);
    byClass.set(label, members);
  }
  const classes = [...byClass.entries()].sort(([a], [b]) => a - b);
  const exact = classes.map(([, members]) => (members.length * total) / order.length);
  const quotas = exact.map((q) => Math.floor(q + 1e-9));
  let left = total - quotas.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((q, i) => ({ i, remainder: q - (quotas[i] ?? 0), size: classes[i]?.[1].length ?? 0 }))
    .sort((a, b) => b.remainder - a.remainder || b.size - a.size || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    quotas[i] = (quotas[i] ?? 0) + 1;
    left--;
  }
  const taken: Record<number, number[]> = {};
  classes.forEach(([label, members], i) => {
    taken[label] = members.slice(0, quotas[i] ?? 0);
  });
  return taken;
}
