import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import tar from "tar-stream";
import { ConflictError, NotFoundError, type ArtifactRecord, type ArtifactRepository, type JobRepository, type ObjectStore } from "@trainyard/domain";
import { getJob } from "./jobs.js";

interface ModelDeps {
  jobs: JobRepository;
  artifacts: ArtifactRepository;
  store: ObjectStore;
}

/** Artifacts of a job's trained model (model.json and its weight files). */
export async function listModelFiles(deps: ModelDeps, tenantId: string, jobId: string): Promise<ArtifactRecord[]> {
  const job = await getJob(deps.jobs, tenantId, jobId);
  if (job.status !== "SUCCEEDED") throw new ConflictError(`job ${jobId} is ${job.status}; its model is available once it SUCCEEDED`);
  return (await deps.artifacts.listByJob(jobId)).filter((artifact) => artifact.kind === "model");
}

/** One file of a job's model, by its name inside the model folder (e.g. `model.json`). */
export async function findModelFile(deps: ModelDeps, tenantId: string, jobId: string, file: string): Promise<ArtifactRecord> {
  const artifact = (await listModelFiles(deps, tenantId, jobId)).find((a) => a.path === `model/${file}`);
  if (artifact === undefined) throw new NotFoundError("model file", file);
  return artifact;
}

/** The model folder as a gzip'd tar stream: model.json plus its weight files. */
export async function openModelArchive(deps: ModelDeps, tenantId: string, jobId: string): Promise<Readable> {
  const files = await listModelFiles(deps, tenantId, jobId);
  if (files.length === 0) throw new NotFoundError("model of job", jobId);
  const pack = tar.pack();
  const out = new PassThrough();
  void writeArchive(deps.store, files, pack).catch((error: unknown) => pack.destroy(error as Error));
  pipeline(pack, createGzip(), out).catch((error: unknown) => out.destroy(error as Error));
  return out;
}

async function writeArchive(store: ObjectStore, files: ArtifactRecord[], pack: tar.Pack): Promise<void> {
  for (const file of files) {
    const name = file.path.replace(/^model\//, "");
    const body = await store.get(file.storageKey);
    // pipeline closes the file when the download is aborted half way.
    await pipeline(body, pack.entry({ name, size: file.sizeBytes, mode: 0o644 }));
  }
  pack.finalize();
}
