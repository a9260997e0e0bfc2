import type { DatasetStats } from "@trainyard/contracts";
import type { ParsedDataset } from "@trainyard/domain";
import { FeatureStats, countClasses } from "./feature-stats.js";

const wordPattern = /[\p{L}\p{M}\p{N}]+/gu;

/** Class counts and feature (or, for text, words-per-text) statistics of a parsed dataset: one pass. */
export function computeDatasetStats(dataset: ParsedDataset): DatasetStats {
  const classCounts = countClasses(dataset.labels, dataset.numClasses);
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
  const stats = new FeatureStats();
  stats.add(dataset.features);
  return { classCounts, ...stats.result(), wordsPerText: null };
}
