import type { DatasetStats } from "@trainyard/contracts";
import type { ParsedDataset } from "@trainyard/domain";
import { FeatureStats, countClasses } from "./feature-stats.js";
import { WordsPerText } from "./words-per-text.js";

/** Class counts and feature (or, for text, words-per-text) statistics of a parsed dataset: one pass. */
export function computeDatasetStats(dataset: ParsedDataset): DatasetStats {
  const classCounts = countClasses(dataset.labels, dataset.numClasses);
  if (dataset.dtype === "text") {
    const words = new WordsPerText();
    for (const text of dataset.texts) words.add(text);
    return { classCounts, featureMin: null, featureMax: null, featureMean: null, wordsPerText: words.result() };
  }
  const stats = new FeatureStats();
  stats.add(dataset.features);
  return { classCounts, ...stats.result(), wordsPerText: null };
}
