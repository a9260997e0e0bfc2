import type { NumericDataset, ParsedDataset } from "@trainyard/domain";

/**
 * Reads the raw feature bytes of samples `[firstSample, firstSample + sampleCount)`: row-major,
 * little-endian values of the dataset's dtype, exactly `sampleCount` samples long.
 */
export type SampleReader = (firstSample: number, sampleCount: number) => Promise<Uint8Array>;

/**
 * A numeric dataset too large to hold in memory: its features stay where they are stored and are
 * read in blocks while training (see `streamSamples`). Only the labels are in memory, 4 bytes a
 * sample (1 GiB of memory for 268 million samples), because the validation split, stratification
 * and label checks need them all. The training package never sees where the bytes come from.
 */
export interface StreamedDataset {
  count: number;
  featureShape: number[];
  dtype: NumericDataset["dtype"];
  numClasses: number;
  /** One label per sample, in 0..numClasses-1. */
  labels: Int32Array;
  /**
   * Largest token id of an int32 (token sequence) dataset, as recorded when it was stored; the
   * Embedding check uses it instead of scanning every feature. null: not known (not checked).
   */
  maxTokenId: number | null;
  readSamples: SampleReader;
  labelNames?: string[];
  /** Bytes read at once (rounded down to whole samples, at least one sample), default 4 MiB. */
  blockBytes?: number;
  /**
   * Samples held in the training shuffle buffer, default as many as fit in 64 MiB, at most 10,000;
   * always at least one batch.
   */
  shuffleBufferSamples?: number;
}

/** Either form of numeric training data: in memory, or streamed from storage. */
export type TrainingData = NumericDataset | StreamedDataset;

/** Default bytes per block read of a streamed dataset: 4 MiB. */
export const defaultBlockBytes = 4 * 1024 * 1024;
/** Default memory of the shuffle buffer of a streamed dataset: 64 MiB. */
export const defaultShuffleBufferBytes = 64 * 1024 * 1024;
/** Most samples the default shuffle buffer holds. */
export const maxDefaultShuffleBufferSamples = 10_000;

/** Whether `data` is streamed (has a reader) rather than held in memory (numeric or text). */
export function isStreamedDataset(data: ParsedDataset | StreamedDataset): data is StreamedDataset {
  return "readSamples" in data;
}

/** Bytes of one sample's features: values per sample times 1 (uint8) or 4 (float32, int32). */
export function sampleByteLength(data: Pick<TrainingData, "featureShape" | "dtype">): number {
  return data.featureShape.reduce((a, b) => a * b, 1) * (data.dtype === "uint8" ? 1 : 4);
}
