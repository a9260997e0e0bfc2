import type { FeatureDtype } from "@trainyard/contracts";

/**
 * A dataset in the canonical form every format is parsed into: `count` samples of `featureShape`
 * features each (row-major), and one integer label per sample in 0..numClasses-1.
 */
export interface ParsedDataset {
  count: number;
  featureShape: number[];
  dtype: FeatureDtype;
  numClasses: number;
  features: Uint8Array | Float32Array;
  labels: Int32Array;
}
