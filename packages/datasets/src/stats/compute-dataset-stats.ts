import type { DatasetStats } from "@trainyard/contracts";
import type { ParsedDataset } from "@trainyard/domain";

const wordPattern = /[\p{L}\p{M}\p{N}]+/gu;

/** Class counts and feature (or, for text, words-per-text) statistics of a parsed dataset: one pass. */
export function computeDatasetStats(dataset: ParsedDataset): DatasetStats {
  const classCounts = new Array<number>(dataset.numClasses).fill(0);
  for (const label of dataset.labels) classCounts[label] = (classCounts[label] ?? 0) + 1;
  if (dataset.dtype === "text") {
    let min = Infinity;
    let max = 0;
    let sum = 0;
    for (const text of dataset.texts) {
      const words = text.match(wordPattern)?.length ?? 0;
      min = Math.min(min, words);
      max = Math.max(max, words);
      sum += words;
    }
    const count = dataset.texts.length;
    return { classCounts, featureMin: null, featureMax: null, featureMean: null, wordsPerText: { min: count === 0 ? 0 : min, max, mean: count === 0 ? 0 : sum / count } };
  }
  const values = dataset.features;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const empty = values.length === 0;
  return { classCounts, featureMin: empty ? null : min, featureMax: empty ? null : max, featureMean: empty ? null : sum / values.length, wordsPerText: null };
}
