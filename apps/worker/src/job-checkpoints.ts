import type * as tfjs from "@tensorflow/tfjs";
import type { CheckpointSpec, JobSpec } from "@trainyard/contracts";
import type { CheckpointRecord, JobRecord } from "@trainyard/domain";
import { resolveMonitorMode, saveModel, type TrainingCheckpoint } from "@trainyard/training";
import { decodeCheckpointState, decodeModelWeights, encodeCheckpointState } from "./checkpoint-files.js";
import { storeArtifact } from "./job-artifacts.js";
import type { TrainingJobDeps } from "./training-job-handler.js";

/** What a job checkpoints, or null when it does not (turned off; GAN, cross-validation and Adamax jobs). */
export function checkpointPlanOf(spec: JobSpec): CheckpointSpec | null {
  // TensorFlow.js cannot restore Adamax's state (its setWeights is not implemented).
  if (spec.model.type === "gan" || spec.crossValidation !== undefined || spec.training.optimizer === "adamax") return null;
  const plan = spec.checkpoint ?? { everyEpochs: 1, keepLast: 2, keepBest: false };
  return plan.everyEpochs > 0 ? plan : null;
}

/** Artifact folder of the checkpoint after `epoch` epochs (and `batch` batches of the next). */
export function checkpointPath(epoch: number, batch = 0): string {
  const name = `checkpoints/epoch-${String(epoch).padStart(4, "0")}`;
  return batch === 0 ? name : `${name}-batch-${String(batch).padStart(5, "0")}`;
}

/**
 * Writes a checkpoint: the model (model.json, weights.bin, as the final model is saved, plus any
 * extra model files), then state.json and state.bin, each an artifact; the row last. Then deletes
 * the checkpoints retention no longer keeps.
 */
export async function writeCheckpoint(
  deps: TrainingJobDeps,
  job: JobRecord,
  plan: CheckpointSpec,
  model: tfjs.LayersModel,
  checkpoint: TrainingCheckpoint,
  extraFiles: Record<string, Uint8Array>,
): Promise<void> {
  const batch = checkpoint.inEpoch?.batches ?? 0;
  const path = checkpointPath(checkpoint.epoch, batch);
  let sizeBytes = 0;
  const write = async (file: string, bytes: Uint8Array): Promise<void> => {
    await storeArtifact(deps, job, "checkpoint", `${path}/${file}`, bytes);
    sizeBytes += bytes.byteLength;
  };
  await saveModel(deps.backend.tf, model, write);
  for (const [name, bytes] of Object.entries(extraFiles)) await write(name, bytes);
  const state = encodeCheckpointState(checkpoint);
  await write("state.json", state.json);
  await write("state.bin", state.bin);
  const metrics = checkpoint.history.at(-1) ?? {};
  await deps.checkpoints.upsert({ jobId: job.id, epoch: checkpoint.epoch, batch, attempt: job.attempts, metrics, path, sizeBytes });
  await applyRetention(deps, job, plan);
}

/** A checkpoint read back: its row, the training state, and the model weights (the caller disposes them). */
export interface LoadedCheckpoint {
  record: CheckpointRecord;
  checkpoint: TrainingCheckpoint;
  weights: tfjs.Tensor[];
}

/** The job's newest checkpoint, or null when it has none. */
export async function readLatestCheckpoint(deps: TrainingJobDeps, job: JobRecord): Promise<LoadedCheckpoint | null> {
  const record = (await deps.checkpoints.listByJob(job.id)).at(-1);
  if (record === undefined) return null;
  const read = (file: string): Promise<Buffer> => deps.store.getBuffer(`tenants/${job.tenantId}/jobs/${job.id}/${record.path}/${file}`);
  const [modelJson, weightsBin, stateJson, stateBin] = await Promise.all([read("model.json"), read("weights.bin"), read("state.json"), read("state.bin")]);
  const checkpoint = decodeCheckpointState(stateJson, stateBin);
  return { record, checkpoint, weights: decodeModelWeights(deps.backend.tf, modelJson, weightsBin) };
}

/**
 * Keeps the newest `keepLast` checkpoints (and, with keepBest, the best epoch's by modelSelection's
 * monitor, else val_loss, else loss) and deletes the others: their objects first, then their
 * artifact rows, then the checkpoint row, so that a deletion cut short is finished by the next one
 * and an object already gone is fine.
 */
export async function applyRetention(deps: TrainingJobDeps, job: JobRecord, plan: CheckpointSpec): Promise<void> {
  const all = await deps.checkpoints.listByJob(job.id);
  const keep = new Set(all.slice(-plan.keepLast));
  if (plan.keepBest) {
    const best = bestCheckpoint(all.filter((c) => c.batch === 0), job.spec);
    if (best !== null) keep.add(best);
  }
  const stales = all.filter((c) => !keep.has(c));
  const artifacts = stales.length > 0 ? await deps.artifacts.listByJob(job.id) : [];
  for (const stale of stales) {
    const files = artifacts.filter((a) => a.path.startsWith(`${stale.path}/`));
    await Promise.all(files.map((file) => deps.store.delete(file.storageKey)));
    await deps.artifacts.deleteUnder(job.id, stale.path);
    await deps.checkpoints.delete(job.id, stale.epoch, stale.batch);
  }
}

function bestCheckpoint(all: CheckpointRecord[], spec: JobSpec): CheckpointRecord | null {
  const monitor = spec.training.modelSelection?.monitor ?? (all.some((c) => c.metrics["val_loss"] !== undefined) ? "val_loss" : "loss");
  const direction = resolveMonitorMode(monitor, spec.training.modelSelection?.mode ?? "auto");
  let best: CheckpointRecord | null = null;
  for (const c of all) {
    const value = c.metrics[monitor];
    if (value === undefined) continue;
    const current = best?.metrics[monitor];
    if (current === undefined || (direction === "min" ? value < current : value > current)) best = c;
  }
  return best;
}
