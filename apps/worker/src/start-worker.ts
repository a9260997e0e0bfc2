import { hostname } from "node:os";
import type { Logger } from "pino";
import type { Config } from "@trainyard/config";
import { createDatabase } from "@trainyard/db";
import { createTrainingWorker } from "@trainyard/queue";
import { createObjectStore } from "@trainyard/storage";
import { loadBackend } from "@trainyard/training";
import { detectGpu } from "./detect-gpu.js";
import { waitOutDatabaseOutages } from "./wait-out-database-outages.js";
import { createTrainingJobHandler } from "./training-job-handler.js";
import { startWorkerHeartbeat } from "./worker-heartbeat.js";

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
  const outage = { maxWaitMs: config.dbOutageWaitMs, logger };
  const handler = createTrainingJobHandler({
    // Training waits out a Postgres outage instead of failing the attempt.
    jobs: waitOutDatabaseOutages(db.jobs, "jobs", outage),
    datasets: waitOutDatabaseOutages(db.datasets, "datasets", outage),
    artifacts: waitOutDatabaseOutages(db.artifacts, "artifacts", outage),
    checkpoints: waitOutDatabaseOutages(db.checkpoints, "checkpoints", outage),
    store: createObjectStore(config.storage),
    backend: { tf: loaded.tf, name: loaded.backend },
    workerId: config.workerId,
    logger,
    maxInMemoryMB: config.jobLimits.maxInMemoryMB,
    checkTensorLeaks: config.workerConcurrency === 1,
  });
  // The jobs this process is running now, for the heartbeat.
  const runningJobIds = new Set<string>();
  // Started before the queue worker: registering resets the row's job list, which should happen before
  // any job starts (a job it missed would be listed at the next beat anyway).
  const gpu = detectGpu(loaded.tf, loaded.backend);
  const heartbeat = startWorkerHeartbeat({
    registry: db.workers,
    worker: { id: config.workerId, host: hostname(), pid: process.pid, backend: loaded.backend, gpu, concurrency: config.workerConcurrency },
    intervalMs: config.heartbeatIntervalMs,
    currentJobIds: () => [...runningJobIds],
    logger,
  });
  const worker = createTrainingWorker({
    connection: services.redisUrl,
    queueName: config.queueName,
    concurrency: config.workerConcurrency,
    logger,
    // The lock is renewed every half of it while training yields between batches; a worker that
    // dies loses its job to another one lock to lock + stalledInterval later.
    lockDuration: config.jobLockMs,
    stalledInterval: config.jobLockMs,
    process: async (payload, context) => {
      runningJobIds.add(payload.jobId);
      try {
        await handler(payload, context);
      } finally {
        runningJobIds.delete(payload.jobId);
      }
    },
    onGivenUp: async (jobId, reason) => {
      const job = await db.jobs.findByIdForWorker(jobId);
      if (job?.status === "CANCELLING") await db.jobs.finish(jobId, "CANCELLED", "cancelled by request");
      else if (job !== null) await db.jobs.fail(jobId, `the queue gave the job up: ${reason}`);
    },
  });
  logger.info({ backend: loaded.backend, gpu, queue: config.queueName, workerId: config.workerId }, "worker ready");
  return {
    backend: loaded.backend,
    close: async () => {
      // Jobs still running after the grace period go back to the queue for another worker.
      // Beats go on while running jobs finish, so the worker shows alive until it really stops.
      try {
        await worker.close({ handBackAfterMs: config.shutdownGraceMs });
      } finally {
        await heartbeat.stop();
      }
      await db.close();
    },
  };
}
