import type { z } from "zod";
import type { checkpointSchema } from "@trainyard/contracts";
import type { ArtifactRepository, CheckpointRepository, JobRepository } from "@trainyard/domain";
import { toArtifactView } from "./artifacts.js";
import { getJob } from "./jobs.js";

export interface CheckpointDeps {
  jobs: JobRepository;
  artifacts: ArtifactRepository;
  checkpoints: CheckpointRepository;
}

/** The tenant's job's checkpoints, oldest epoch first, each with its files and model URL. */
export async function listCheckpoints(deps: CheckpointDeps, tenantId: string, jobId: string): Promise<z.infer<typeof checkpointSchema>[]> {
  const job = await getJob(deps.jobs, tenantId, jobId);
  const [checkpoints, artifacts] = await Promise.all([deps.checkpoints.listByJob(job.id), deps.artifacts.listByJob(job.id)]);
  return checkpoints.map((checkpoint) => ({
    epoch: checkpoint.epoch,
    batch: checkpoint.batch,
    attempt: checkpoint.attempt,
    metrics: checkpoint.metrics,
    sizeBytes: checkpoint.sizeBytes,
    createdAt: checkpoint.createdAt.toISOString(),
    modelUrl: `/v1/jobs/${job.id}/artifacts/${checkpoint.path}/model.json`,
    files: artifacts.filter((a) => a.path.startsWith(`${checkpoint.path}/`)).map(toArtifactView),
  }));
}
