import { randomUUID } from "node:crypto";
import type { JobSpec, JobView, ListJobsQuery } from "@trainyard/contracts";
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  type DatasetRepository,
  type JobQueue,
  type JobRecord,
  type JobRepository,
} from "@trainyard/domain";
import { planModel } from "@trainyard/training/plan";

interface JobDeps {
  jobs: JobRepository;
  datasets: DatasetRepository;
  queue: JobQueue;
}

/**
 * Validates a job against its dataset (the model must fit the data: shape errors never reach a
 * worker), records it as QUEUED in Postgres, then queues it.
 */
export async function submitTrainingJob(deps: JobDeps, tenantId: string, spec: JobSpec): Promise<JobRecord> {
  const dataset = await deps.datasets.findById(tenantId, spec.dataset.id);
  if (dataset === null) throw InvalidInputError.forField("body.dataset.id", `dataset ${spec.dataset.id} not found`);
  const validationCount = Math.floor(dataset.count * spec.dataset.validationSplit);
  if (dataset.count - validationCount < 1) {
    throw InvalidInputError.forField("body.dataset.validationSplit", `leaves no training samples out of ${dataset.count}`);
  }
  planModel(spec.model, { featureShape: dataset.featureShape, numClasses: dataset.numClasses });

  const job = await deps.jobs.create({ id: randomUUID(), tenantId, datasetId: dataset.id, spec });
  try {
    await deps.queue.enqueue({ jobId: job.id, tenantId });
  } catch (error) {
    await deps.jobs.fail(job.id, "could not be queued: the queue (Redis) did not accept it");
    throw error;
  }
  return job;
}

/** The tenant's job, or NotFoundError. */
export async function getJob(jobs: JobRepository, tenantId: string, id: string): Promise<JobRecord> {
  const job = await jobs.findById(tenantId, id);
  if (job === null) throw new NotFoundError("job", id);
  return job;
}

/** Cancels a queued job at once; asks the worker of a running one to stop at its next batch. */
export async function cancelJob(deps: JobDeps, tenantId: string, id: string): Promise<JobRecord> {
  const job = await deps.jobs.requestCancel(tenantId, id);
  if (job === null) {
    const current = await getJob(deps.jobs, tenantId, id);
    throw new ConflictError(`job ${id} is already ${current.status} and cannot be cancelled`);
  }
  if (job.status === "CANCELLED") await deps.queue.remove(id);
  else await deps.queue.publishCancel(id);
  return job;
}

export async function listJobs(jobs: JobRepository, tenantId: string, query: ListJobsQuery) {
  const page = await jobs.list(tenantId, query);
  return { items: page.items.map(toJobView), nextCursor: page.nextCursor };
}

export function toJobView(job: JobRecord): JobView {
  return {
    id: job.id,
    status: job.status,
    statusReason: job.statusReason,
    spec: job.spec,
    datasetId: job.datasetId,
    progress: job.progress,
    metrics: job.latestMetrics,
    backend: job.backend,
    attempts: job.attempts,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    updatedAt: job.updatedAt.toISOString(),
    modelUrl: job.status === "SUCCEEDED" ? `/v1/jobs/${job.id}/model/model.json` : null,
  };
}
