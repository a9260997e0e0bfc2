/**
 * A numeric dataset in the canonical form every format is parsed into: `count` samples of
 * `featureShape` values each (row-major), and one integer label per sample in 0..numClasses-1.
 * int32 features are token ids (0 pads), one sequence of featureShape[0] ids per sample.
 */
export interface NumericDataset {
  count: number;
  featureShape: number[];
  dtype: "uint8" | "float32" | "int32";
  numClasses: number;
  features: Uint8Array | Float32Array | Int32Array;
  labels: Int32Array;
  /** When labels were names (categorical CSV labels, image folders): the name of each label id. */
  labelNames?: string[];
}

/** A text dataset: one raw string per sample (tokenized by the worker with the model's vocabulary). */
export interface TextDataset {
  count: number;
  /** Always empty: texts have no fixed shape until tokenized. */
  featureShape: number[];
  dtype: "text";
  numClasses: number;
  texts: string[];
  labels: Int32Array;
  /** When labels were names: the name of each label id. */
  labelNames?: string[];
}

/** Any parsed dataset. */
export type ParsedDataset = NumericDataset | TextDataset;
