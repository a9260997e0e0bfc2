import type * as tfjs from "@tensorflow/tfjs";
import type { JobRecord } from "@trainyard/domain";
import { saveModel } from "@trainyard/training";
import type { TrainingJobDeps } from "./training-job-handler.js";

/** Stores one file a job produced under its artifact root and records it (replacing one at the same path). */
export async function storeArtifact(deps: TrainingJobDeps, job: JobRecord, kind: string, path: string, bytes: Uint8Array): Promise<void> {
  const storageKey = `tenants/${job.tenantId}/jobs/${job.id}/${path}`;
  const { sizeBytes } = await deps.store.put(storageKey, bytes);
  await deps.artifacts.upsert({ jobId: job.id, kind, path, storageKey, sizeBytes });
}

/** Stores the trained model as model/model.json + model/weights.bin (and any extra model files, e.g. vocab.json). */
export async function storeModel(
  deps: TrainingJobDeps,
  job: JobRecord,
  model: tfjs.LayersModel,
  extraFiles: Record<string, Uint8Array> = {},
): Promise<void> {
  await saveModel(deps.backend.tf, model, (path, bytes) => storeArtifact(deps, job, "model", `model/${path}`, bytes));
  for (const [name, bytes] of Object.entries(extraFiles)) await storeArtifact(deps, job, "model", `model/${name}`, bytes);
}
