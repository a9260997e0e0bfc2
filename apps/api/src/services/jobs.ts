import { randomInt, randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import type { JobSpec, JobView, ListJobsQuery } from "@trainyard/contracts";
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
  type DatasetRepository,
  type JobQueue,
  type JobRecord,
  type JobRepository,
} from "@trainyard/domain";
import type { JobLimits } from "../app-dependencies.js";
import { describeQueuePosition, type QueuePositionDeps } from "./queue-position.js";
import { validateJobSpec } from "./validate-job.js";

interface JobDeps {
  jobs: JobRepository;
  datasets: DatasetRepository;
  queue: JobQueue;
  logger: FastifyBaseLogger;
  jobLimits: JobLimits;
}

/** Validates a job (see validateJobSpec), records it as QUEUED in Postgres, then queues it. */
export async function submitTrainingJob(deps: JobDeps, tenantId: string, submitted: JobSpec): Promise<JobRecord> {
  const { dataset } = await validateJobSpec(deps, tenantId, submitted);
  // A seed drawn now is recorded with the job: every attempt (and a resumed one) splits, initialises
  // and shuffles the same way, and the run can be reproduced.
  const spec: JobSpec = { ...submitted, training: { ...submitted.training, seed: submitted.training.seed ?? randomInt(2 ** 31 - 1) } };
  const job = await deps.jobs.create({ id: randomUUID(), tenantId, datasetId: dataset.id, datasetSha256: dataset.sha256, spec });
  try {
    await deps.queue.enqueue({ jobId: job.id, tenantId }, { priority: spec.priority, maxAttempts: spec.maxAttempts });
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

/** The tenant's job, or NotFoundError. */
export async function getJob(jobs: JobRepository, tenantId: string, id: string): Promise<JobRecord> {
  const job = await jobs.findById(tenantId, id);
  if (job === null) throw new NotFoundError("job", id);
  return job;
}

/** The tenant's job as GET /v1/jobs/:id shows it: with its place in the queue while QUEUED. */
export async function showJob(deps: QueuePositionDeps, tenantId: string, id: string): Promise<JobView> {
  const job = await getJob(deps.jobs, tenantId, id);
  return { ...toJobView(job), queue: await describeQueuePosition(deps, job) };
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
    secondaryStatus: job.secondaryStatus,
    statusReason: job.statusReason,
    spec: job.spec,
    datasetId: job.datasetId,
    datasetSha256: job.datasetSha256,
    progress: job.progress,
    metrics: job.latestMetrics,
    testMetrics: job.testMetrics,
    crossValidation: job.crossValidation,
    backend: job.backend,
    attempts: job.attempts,
    runtimeSeconds: Math.round(job.runtimeSeconds * 10) / 10,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    updatedAt: job.updatedAt.toISOString(),
    modelUrl: job.status === "SUCCEEDED" ? `/v1/jobs/${job.id}/model/model.json` : null,
  };
}
