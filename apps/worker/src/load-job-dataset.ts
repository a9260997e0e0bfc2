import type { ParsedDataset } from "@trainyard/domain";
import { decodeDataset } from "@trainyard/datasets";
import { UnrecoverableJobError } from "@trainyard/queue";
import type { TrainingJobDeps } from "./training-job-handler.js";

/** Reads one of the tenant's datasets from the object store; a dataset deleted since submit fails the job. */
export async function loadJobDataset(deps: TrainingJobDeps, tenantId: string, datasetId: string): Promise<ParsedDataset> {
  const dataset = await deps.datasets.findById(tenantId, datasetId);
  if (dataset === null) throw new UnrecoverableJobError(`dataset ${datasetId} no longer exists`);
  const [x, y] = await Promise.all([
    deps.store.getBuffer(`${dataset.storageKey}/x.bin`),
    deps.store.getBuffer(`${dataset.storageKey}/y.bin`),
  ]);
  return decodeDataset(dataset, x, y);
}

/** The samples of `a` followed by those of `b` (same kind and shape, checked at submit). */
export function concatDatasets(a: ParsedDataset, b: ParsedDataset): ParsedDataset {
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

/** Indices start..end-1. */
export function range(start: number, end: number): Int32Array {
  return Int32Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}
