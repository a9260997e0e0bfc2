import type { JobSpec } from "@trainyard/contracts";

/** Why a job cannot use a dataset: the spec field to name and the reason. */
export interface StreamingRefusal {
  /** Dotted spec path, e.g. `dataset.id` or `crossValidation`. */
  field: string;
  message: string;
}

export interface RefuseStreamingInput {
  spec: Pick<JobSpec, "model" | "crossValidation">;
  /** The dataset's row: kind and stored size (x.bin + y.bin). */
  dataset: { dtype: string; sizeBytes: number };
  /** Where the spec names this dataset: `dataset.id`, `validation.datasetId` or `evaluation.datasetId`. */
  field: "dataset.id" | "validation.datasetId" | "evaluation.datasetId";
  /** MAX_IN_MEMORY_MB. */
  maxInMemoryMB: number;
}

const mebibyte = 1024 * 1024;

/** Whether a dataset of `sizeBytes` is over the in-memory limit and so must be streamed. */
export function mustStream(sizeBytes: number, maxInMemoryMB: number): boolean {
  return sizeBytes > maxInMemoryMB * mebibyte;
}

/**
 * Why a dataset over MAX_IN_MEMORY_MB cannot train this job, or null (it fits in memory, or it can
 * be streamed). Text is tokenized with a vocabulary built in memory; GANs and cross-validation
 * train from memory. The API refuses such jobs at submit and the worker, as a backstop, with the
 * same words. No TensorFlow.js import (the API loads it).
 */
export function refuseStreaming(input: RefuseStreamingInput): StreamingRefusal | null {
  const { spec, dataset, field, maxInMemoryMB } = input;
  if (!mustStream(dataset.sizeBytes, maxInMemoryMB)) return null;
  const sizes = `${formatMiB(dataset.sizeBytes)} MiB, over MAX_IN_MEMORY_MB (${maxInMemoryMB.toLocaleString("en-US")})`;
  if (dataset.dtype === "text") return { field, message: `text datasets are tokenized in memory; this one is ${sizes}` };
  if (field !== "dataset.id") return null;
  if (spec.model.type === "gan") return { field: "model.type", message: `gan trains on a dataset held in memory; dataset.id is ${sizes}` };
  if (spec.crossValidation !== undefined) {
    return { field: "crossValidation", message: `cross-validation trains on a dataset held in memory; dataset.id is ${sizes}` };
  }
  return null;
}

/** MiB with at most one decimal and thousands separators: "1,400" or "2.9". */
export function formatMiB(bytes: number): string {
  return (bytes / mebibyte).toLocaleString("en-US", { maximumFractionDigits: 1 });
}
