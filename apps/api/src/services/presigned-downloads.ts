import type { ObjectStore } from "@trainyard/domain";
import { canPresign } from "@trainyard/storage";
import { listModelFiles, openModelArchive } from "./models.js";
import type { ArtifactDeps } from "./artifacts.js";

/**
 * A presigned URL for an object, when the store can make one (S3); null otherwise, and the caller
 * streams the object itself.
 */
export async function presignedUrl(store: ObjectStore, key: string, options: { expiresInSeconds: number; filename?: string }): Promise<string | null> {
  if (!canPresign(store)) return null;
  return await store.presignGet(key, options);
}

/**
 * A presigned URL for the job's model archive. The archive is built once, on the first such
 * request, and kept beside the model (`tenants/<t>/jobs/<id>/model.tar.gz`).
 */
export async function presignedModelArchiveUrl(deps: ArtifactDeps, tenantId: string, jobId: string, expiresInSeconds: number): Promise<string | null> {
  if (!canPresign(deps.store)) return null;
  await listModelFiles(deps, tenantId, jobId);
  const key = `tenants/${tenantId}/jobs/${jobId}/model.tar.gz`;
  if ((await deps.store.stat(key)) === null) await deps.store.put(key, await openModelArchive(deps, tenantId, jobId));
  return await deps.store.presignGet(key, { expiresInSeconds, filename: `model-${jobId}.tar.gz` });
}
