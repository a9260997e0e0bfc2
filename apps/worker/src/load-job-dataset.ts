import type { Logger } from "pino";
import type { JobRecord, ParsedDataset } from "@trainyard/domain";
import { decodeDataset } from "@trainyard/datasets";
import { UnrecoverableJobError } from "@trainyard/queue";
import { isStreamedDataset, mustStream, refuseStreaming, streamFromMemory, type StreamedDataset } from "@trainyard/training";
import { joinStreamedDatasets } from "./join-streamed-datasets.js";
import { openStreamedDataset } from "./open-streamed-dataset.js";
import type { TrainingJobDeps } from "./training-job-handler.js";

/** A job's dataset: parsed in memory, or streamed from the object store when it is over MAX_IN_MEMORY_MB. */
export type JobData = ParsedDataset | StreamedDataset;

/** Where a job's spec names a dataset. */
export type DatasetField = "dataset.id" | "validation.datasetId" | "evaluation.datasetId";

/**
 * Reads a dataset the job names from the object store: whole into memory when its stored size is
 * at most MAX_IN_MEMORY_MB, else as a StreamedDataset (labels in memory, features read in blocks).
 * Logs which. A dataset deleted since submit, or one over the limit that this job cannot stream
 * (text, a gan, cross-validation: refused at submit already), fails the job.
 */
export async function loadJobDataset(deps: TrainingJobDeps, job: JobRecord, field: DatasetField, logger: Logger): Promise<JobData> {
  const datasetId = field === "dataset.id" ? job.datasetId : job.spec[field === "validation.datasetId" ? "validation" : "evaluation"]?.datasetId;
  if (datasetId === undefined) throw new Error(`the job names no ${field}`);
  const dataset = await deps.datasets.findById(job.tenantId, datasetId);
  if (dataset === null) throw new UnrecoverableJobError(`dataset ${datasetId} no longer exists`);
  const refusal = refuseStreaming({ spec: job.spec, dataset, field, maxInMemoryMB: deps.maxInMemoryMB });
  if (refusal !== null) throw new UnrecoverableJobError(`${refusal.field}: ${refusal.message}`);
  const streamed = mustStream(dataset.sizeBytes, deps.maxInMemoryMB);
  const sizeMiB = Math.round((dataset.sizeBytes / 2 ** 20) * 10) / 10;
  logger.info({ dataset: field, streamed, sizeMiB, limitMiB: deps.maxInMemoryMB }, "dataset opened");
  if (streamed) return openStreamedDataset(deps.store, dataset);
  const [x, y] = await Promise.all([
    deps.store.getBuffer(`${dataset.storageKey}/x.bin`),
    deps.store.getBuffer(`${dataset.storageKey}/y.bin`),
  ]);
  return decodeDataset(dataset, x, y);
}

/**
 * The samples of `a` followed by those of `b` (same kind and shape, checked at submit); streamed
 * when either one is (the in-memory one is then read from memory through the same reader).
 */
export function concatDatasets(a: JobData, b: JobData): JobData {
  if (isStreamedDataset(a) || isStreamedDataset(b)) return joinStreamedDatasets(asStreamed(a), asStreamed(b));
  const count = a.count + b.count;
  const labels = new Int32Array(count);
  labels.set(a.labels);
  labels.set(b.labels, a.count);
  const numClasses = Math.max(a.numClasses, b.numClasses);
  if (a.dtype === "text" || b.dtype === "text") {
    if (a.dtype !== "text" || b.dtype !== "text") throw new Error("cannot join text and numeric datasets");
    return { ...a, count, numClasses, labels, texts: [...a.texts, ...b.texts] };
  }
  if (a.dtype !== b.dtype) throw new Error(`cannot join ${a.dtype} and ${b.dtype} datasets`);
  const features = a.dtype === "uint8" ? new Uint8Array(a.features.length + b.features.length) : a.dtype === "int32" ? new Int32Array(a.features.length + b.features.length) : new Float32Array(a.features.length + b.features.length);
  features.set(a.features);
  features.set(b.features, a.features.length);
  return { ...a, count, numClasses, labels, features } as ParsedDataset;
}

function asStreamed(data: JobData): StreamedDataset {
  if (isStreamedDataset(data)) return data;
  if (data.dtype === "text") throw new Error("cannot join a text dataset with a streamed one");
  return streamFromMemory(data);
}

/** Indices start..end-1. */
export function range(start: number, end: number): Int32Array {
  return Int32Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}
