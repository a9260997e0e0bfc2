import type { FastifyBaseLogger } from "fastify";
import type { JobQueuePosition } from "@trainyard/contracts";
import type { JobQueue, JobRecord, JobRepository, WorkerRegistry } from "@trainyard/domain";
import { workerStatusAt } from "./workers.js";

/** Succeeded jobs whose mean run time the estimate uses. */
const runTimeSampleSize = 50;
/** How long one API process reuses the mean run time and the worker slots it read. */
const throughputCacheMs = 10_000;
/** HEARTBEAT_SECONDS' default, in ms. */
const defaultHeartbeatIntervalMs = 10_000;

export interface QueuePositionDeps {
  jobs: JobRepository;
  queue: JobQueue;
  workers: WorkerRegistry;
  /** HEARTBEAT_SECONDS x 1000, to tell alive workers from lost ones. Default 10000. */
  heartbeatIntervalMs?: number | undefined;
  logger: FastifyBaseLogger;
}

interface Throughput {
  /** Mean run time of the last succeeded jobs; null when none has. */
  meanRunMs: number | null;
  /** Sum of the concurrency of the alive workers. */
  slots: number;
}

// Keyed by the repository so that each app (and each test stack) has its own; the promise is cached,
// so concurrent GETs share one read.
const throughputCache = new WeakMap<JobRepository, { readAt: number; throughput: Promise<Throughput> }>();

/**
 * Where a QUEUED job stands in the shared queue (see `jobQueuePositionSchema`); null for any other
 * status, or while its queue entry is not waiting (just taken, in a retry's backoff, or lost until the
 * reconciler queues it again). Costs one Redis script (O(log n), no job loaded) and, at most every
 * 10 s per API process, one Postgres read of the last 50 succeeded jobs' times and one of the workers.
 * A queue that does not answer gives null (logged): the job's row still shows.
 */
export async function describeQueuePosition(deps: QueuePositionDeps, job: JobRecord, now = new Date()): Promise<JobQueuePosition | null> {
  if (job.status !== "QUEUED") return null;
  let position;
  try {
    position = await deps.queue.position(job.id);
  } catch (error) {
    deps.logger.warn({ err: error, jobId: job.id }, "queue position not read");
    return null;
  }
  if (position === null) return null;
  const ahead = position.running + position.waitingAhead;
  const { meanRunMs, slots } = await readThroughput(deps, now.getTime());
  // Each slot frees up about once per mean run time, so `ahead` jobs clear in ahead x mean / slots.
  const estimatedStartAt = meanRunMs === null || slots === 0 ? null : new Date(now.getTime() + (meanRunMs * ahead) / slots).toISOString();
  return { position: position.waitingAhead + 1, ahead, estimatedStartAt };
}

async function readThroughput(deps: QueuePositionDeps, nowMs: number): Promise<Throughput> {
  const cached = throughputCache.get(deps.jobs);
  if (cached !== undefined && nowMs - cached.readAt < throughputCacheMs) return cached.throughput;
  const throughput = (async (): Promise<Throughput> => {
    const intervalMs = deps.heartbeatIntervalMs ?? defaultHeartbeatIntervalMs;
    const [meanRunMs, { checkedAt, workers }] = await Promise.all([
      deps.jobs.meanRunMs(runTimeSampleSize),
      // A worker is lost after 3 missed beats: older rows cannot be alive.
      deps.workers.listRecent(4 * intervalMs),
    ]);
    const alive = workers.filter((worker) => workerStatusAt(worker, checkedAt, intervalMs) === "alive");
    return { meanRunMs, slots: alive.reduce((sum, worker) => sum + worker.concurrency, 0) };
  })();
  throughputCache.set(deps.jobs, { readAt: nowMs, throughput });
  throughput.catch(() => throughputCache.delete(deps.jobs));
  return throughput;
}
