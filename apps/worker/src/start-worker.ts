import type { Logger } from "pino";
import type { Config } from "@trainyard/config";
import { createDatabase } from "@trainyard/db";
import { createTrainingWorker } from "@trainyard/queue";
import { createObjectStore } from "@trainyard/storage";
import { loadBackend } from "@trainyard/training";
import { createTrainingJobHandler } from "./training-job-handler.js";

/** How long a stopping worker lets its running jobs finish before it hands them back to the queue. */
const shutdownGraceMs = 25_000;

/**
 * How long a job's queue lock lasts; it is renewed every half of it while training yields between
 * batches. A worker that dies loses its job to another worker about this long after.
 */
const lockDurationMs = 60_000;

/** A running worker process's parts, and how to stop them. */
export interface RunningWorker {
  backend: string;
  close(): Promise<void>;
}

/** Loads the fastest TensorFlow.js backend and starts taking training jobs from the queue. */
export async function startWorker(
  config: Config,
  services: { databaseUrl: string; redisUrl: string },
  logger: Logger,
): Promise<RunningWorker> {
  const loaded = await loadBackend({ preference: config.tfBackend, logger });
  const db = createDatabase(services.databaseUrl, { logger });
  const handler = createTrainingJobHandler({
    jobs: db.jobs,
    datasets: db.datasets,
    artifacts: db.artifacts,
    store: createObjectStore(config.storage),
    backend: { tf: loaded.tf, name: loaded.backend },
    workerId: config.workerId,
    logger,
    maxInMemoryMB: config.jobLimits.maxInMemoryMB,
    checkTensorLeaks: config.workerConcurrency === 1,
  });
  const worker = createTrainingWorker({
    connection: services.redisUrl,
    queueName: config.queueName,
    concurrency: config.workerConcurrency,
    logger,
    lockDuration: lockDurationMs,
    process: (payload, context) => handler(payload, context),
    onGivenUp: async (jobId, reason) => {
      const job = await db.jobs.findByIdForWorker(jobId);
      if (job?.status === "CANCELLING") await db.jobs.finish(jobId, "CANCELLED", "cancelled by request");
      else if (job !== null) await db.jobs.fail(jobId, `the queue gave the job up: ${reason}`);
    },
  });
  logger.info({ backend: loaded.backend, queue: config.queueName, workerId: config.workerId }, "worker ready");
  return {
    backend: loaded.backend,
    close: async () => {
      // Jobs still running after the grace period go back to the queue for another worker.
      await worker.close({ handBackAfterMs: shutdownGraceMs });
      await db.close();
    },
  };
}
