import { NotFoundError, type ArtifactRecord, type ArtifactRepository, type JobRepository, type ObjectStore } from "@trainyard/domain";
import { getJob } from "./jobs.js";

export interface ArtifactDeps {
  jobs: JobRepository;
  artifacts: ArtifactRepository;
  store: ObjectStore;
}

/** Every file a job has produced so far (the model once it SUCCEEDED, GAN samples while it runs). */
export async function listArtifacts(deps: ArtifactDeps, tenantId: string, jobId: string): Promise<ArtifactRecord[]> {
  const job = await getJob(deps.jobs, tenantId, jobId);
  const artifacts = await deps.artifacts.listByJob(job.id);
  return job.status === "SUCCEEDED" ? artifacts : artifacts.filter((artifact) => artifact.kind !== "model");
}

/** One artifact of the tenant's job by its path within the job (e.g. `samples/epoch-0001.png`). */
export async function findArtifact(deps: ArtifactDeps, tenantId: string, jobId: string, path: string): Promise<ArtifactRecord> {
  const job = await getJob(deps.jobs, tenantId, jobId);
  const artifact = await deps.artifacts.findByPath(job.id, path);
  // Model files of an attempt that did not finish are not the job's model.
  if (artifact === null || (artifact.kind === "model" && job.status !== "SUCCEEDED")) throw new NotFoundError("artifact", path);
  return artifact;
}

export function toArtifactView(artifact: ArtifactRecord) {
  return {
    path: artifact.path,
    kind: artifact.kind,
    sizeBytes: artifact.sizeBytes,
    url: `/v1/jobs/${artifact.jobId}/artifacts/${artifact.path}`,
    createdAt: artifact.createdAt.toISOString(),
  };
}

const contentTypes: Record<string, string> = { ".json": "application/json", ".png": "image/png", ".bin": "application/octet-stream" };

/** Content type of an artifact from its file extension. */
export function contentTypeOf(path: string): string {
  const dot = path.lastIndexOf(".");
  return contentTypes[dot === -1 ? "" : path.slice(dot)] ?? "application/octet-stream";
}
