import type { DatasetStats } from "@trainyard/contracts";
import type { ParsedDataset } from "@trainyard/domain";

/** Where a dataset's files are, uncompressed or gzipped, and where to write its stored form. */
export interface DatasetFilePaths<Inputs extends string> {
  inputs: Record<Inputs, string>;
  /** A folder for decompressed copies; the caller removes it. */
  workDir: string;
  /** The stored features (`x.bin`) and labels (`y.bin`), created or replaced. */
  out: { x: string; y: string };
  /** Largest decompressed size of each file. */
  maxDecompressedBytes: number;
  /** Most classes accepted (see `checkClassCount`). */
  maxClasses: number;
}

/** What converting a dataset's files learned about it (its `out` files hold the data). */
export interface ConvertedDataset {
  count: number;
  featureShape: number[];
  dtype: ParsedDataset["dtype"];
  numClasses: number;
  stats: DatasetStats;
  /** Bytes written to `out.x` plus `out.y`. */
  sizeBytes: number;
  /** The largest token id, for int32 (token id) datasets; null otherwise. */
  maxTokenId: number | null;
  /** Each label id's name, when labels were names (CSV, image folders); null otherwise. */
  labelNames: string[] | null;
}
