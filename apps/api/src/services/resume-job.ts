import { ConflictError, ServiceUnavailableError, type CheckpointRepository, type JobQueue, type JobRecord, type JobRepository } from "@trainyard/domain";
import type { FastifyBaseLogger } from "fastify";
import { getJob } from "./jobs.js";

export interface ResumeDeps {
  jobs: JobRepository;
  checkpoints: CheckpointRepository;
  queue: JobQueue;
  logger: FastifyBaseLogger;
}

/**
 * Resumes a FAILED or CANCELLED job from its newest checkpoint: QUEUED again as a new attempt, and
 * the worker that takes it continues after that checkpoint's epoch.
 * @throws ConflictError (409) when the job is not FAILED or CANCELLED, or has no checkpoint.
 * @throws ServiceUnavailableError (503) when the queue does not take it (the job is FAILED again, with that reason).
 */
export async function resumeJob(deps: ResumeDeps, tenantId: string, id: string): Promise<JobRecord> {
  const current = await getJob(deps.jobs, tenantId, id);
  if (current.status !== "FAILED" && current.status !== "CANCELLED") {
    throw new ConflictError(`job ${id} is ${current.status}; only FAILED or CANCELLED jobs can be resumed`);
  }
  const latest = (await deps.checkpoints.listByJob(id)).at(-1);
  if (latest === undefined) throw new ConflictError(`job ${id} has no checkpoint to resume from; submit it again instead`);
  const job = await deps.jobs.resume(tenantId, id, `resumed by request from the checkpoint after epoch ${latest.epoch}`);
  if (job === null) throw new ConflictError(`job ${id} changed status meanwhile; look at it again`);
  try {
    await deps.queue.enqueueAgain({ jobId: id, tenantId }, { priority: job.spec.priority, maxAttempts: job.spec.maxAttempts });
  } catch (error) {
    await deps.jobs.fail(id, "not resumed: the queue did not accept the job").catch((failError: unknown) => {
      deps.logger.error({ err: failError, jobId: id }, "could not mark unqueued job failed");
    });
    throw new ServiceUnavailableError("the job queue is unavailable; the job was not resumed, try again later", { cause: error });
  }
  return job;
}
