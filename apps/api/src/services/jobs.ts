import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import type { JobSpec, JobView, ListJobsQuery } from "@trainyard/contracts";
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  ServiceUnavailableError,
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
  logger: FastifyBaseLogger;
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
  checkModelFits(spec, dataset);

  const job = await deps.jobs.create({ id: randomUUID(), tenantId, datasetId: dataset.id, spec });
  try {
    await deps.queue.enqueue({ jobId: job.id, tenantId });
  } catch (error) {
    // Fail the row so the job does not run later behind the caller's back: the caller sees a 503
    // and submits again.
    await deps.jobs.fail(job.id, "not started: the queue did not accept the job").catch((failError: unknown) => {
      deps.logger.error({ err: failError, jobId: job.id }, "could not mark unqueued job failed");
    });
    if (error instanceof ServiceUnavailableError) throw error;
    throw new ServiceUnavailableError("the job queue is unavailable; the job was not started, submit it again later", { cause: error });
  }
  return job;
}

/** Plans the model on the dataset's shape; a mismatch is a 400 on the request body's field. */
function checkModelFits(spec: JobSpec, dataset: { featureShape: number[]; numClasses: number }): void {
  try {
    planModel(spec.model, { featureShape: dataset.featureShape, numClasses: dataset.numClasses });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const details = error.details.map((d) => ({ path: `body.${d.path}`, message: d.message }));
    throw new InvalidInputError(details.map((d) => `${d.path}: ${d.message}`).join("; ") || error.message, details);
  }
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
  // Best effort: Postgres already says CANCELLED or CANCELLING, and workers check it when a job
  // starts and at every epoch end, so a queue that does not answer only delays the stop.
  try {
    if (job.status === "CANCELLED") await deps.queue.remove(id);
    else await deps.queue.publishCancel(id);
  } catch (error) {
    deps.logger.warn({ err: error, jobId: id }, "cancel not delivered through the queue");
  }
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
