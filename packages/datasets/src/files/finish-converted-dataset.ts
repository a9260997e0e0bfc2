import { countClasses, type FeatureStats } from "../stats/feature-stats.js";
import type { ConvertedDataset } from "./converted-dataset.js";
import { writeLabelsFile } from "./write-labels-file.js";

/**
 * The last step of converting a numeric dataset whose features are already in `x.bin`
 * (`xBytes` written, fed to `stats`): writes the labels to `outY` and describes the result.
 */
export async function finishConvertedDataset(input: {
  count: number;
  featureShape: number[];
  dtype: "uint8" | "float32";
  labels: Int32Array;
  maxLabel: number;
  stats: FeatureStats;
  xBytes: number;
  outY: string;
}): Promise<ConvertedDataset> {
  const { count, featureShape, dtype, labels, maxLabel, stats, xBytes, outY } = input;
  const yBytes = await writeLabelsFile(outY, labels);
  const numClasses = maxLabel + 1;
  return {
    count,
    featureShape,
    dtype,
    numClasses,
    stats: { classCounts: countClasses(labels, numClasses), ...stats.result(), wordsPerText: null },
    sizeBytes: xBytes + yBytes,
    maxTokenId: null,
    labelNames: null,
  };
}
