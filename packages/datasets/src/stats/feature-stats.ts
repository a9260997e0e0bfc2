/**
 * Running min, max and mean of feature values, fed in any number of pieces: the same result
 * whether a dataset is read whole or in chunks.
 */
export class FeatureStats {
  private min = Infinity;
  private max = -Infinity;
  private sum = 0;
  private count = 0;

  add(values: ArrayLike<number>): void {
    let { min, max, sum } = this;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] ?? 0;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    this.min = min;
    this.max = max;
    this.sum = sum;
    this.count += values.length;
  }

  /** null fields when no value was added. */
  result(): { featureMin: number | null; featureMax: number | null; featureMean: number | null } {
    if (this.count === 0) return { featureMin: null, featureMax: null, featureMean: null };
    return { featureMin: this.min, featureMax: this.max, featureMean: this.sum / this.count };
  }
}

/** Samples per class: `labels` counted into `numClasses` slots. */
export function countClasses(labels: ArrayLike<number>, numClasses: number): number[] {
  const classCounts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] ?? 0;
    classCounts[label] = (classCounts[label] ?? 0) + 1;
  }
  return classCounts;
}
