import type { WorkerStatus, WorkerView } from "@trainyard/contracts";
import type { WorkerRecord, WorkerRegistry } from "@trainyard/domain";

/** Workers silent for longer than this are not listed. */
const listWindowMs = 3_600_000;
/** Missed beats after which a worker that has not stopped counts as lost. */
const missedBeatsWhenLost = 3;
/** HEARTBEAT_SECONDS' default, in ms. */
const defaultHeartbeatIntervalMs = 10_000;

export interface WorkerDeps {
  workers: WorkerRegistry;
  /** HEARTBEAT_SECONDS x 1000: how often workers beat. Default 10000. */
  heartbeatIntervalMs?: number | undefined;
}

/**
 * Every worker seen in the last hour, the latest beat first, with its status. The caller sees the ids
 * of its own jobs only; other tenants' running jobs count in `busySlots` but are not named.
 */
export async function listWorkers(deps: WorkerDeps, tenantId: string): Promise<WorkerView[]> {
  const { checkedAt, workers } = await deps.workers.listRecent(listWindowMs);
  return workers.map((worker) => toWorkerView(worker, workerStatusAt(worker, checkedAt, deps.heartbeatIntervalMs ?? defaultHeartbeatIntervalMs), tenantId));
}

/** The status of every worker seen in the last hour, by worker id. */
export async function listWorkerStatuses(deps: WorkerDeps): Promise<Map<string, WorkerStatus>> {
  const { checkedAt, workers } = await deps.workers.listRecent(listWindowMs);
  const intervalMs = deps.heartbeatIntervalMs ?? defaultHeartbeatIntervalMs;
  return new Map(workers.map((worker) => [worker.id, workerStatusAt(worker, checkedAt, intervalMs)]));
}

/**
 * stopped once it said so; lost when its last beat is older than 3 heartbeats at `checkedAt` (which
 * must be the database's clock, like the beats); alive otherwise.
 */
export function workerStatusAt(worker: Pick<WorkerRecord, "lastBeatAt" | "stoppedAt">, checkedAt: Date, heartbeatIntervalMs: number): WorkerStatus {
  if (worker.stoppedAt !== null) return "stopped";
  return checkedAt.getTime() - worker.lastBeatAt.getTime() > missedBeatsWhenLost * heartbeatIntervalMs ? "lost" : "alive";
}

function toWorkerView(worker: WorkerRecord, status: WorkerStatus, tenantId: string): WorkerView {
  return {
    id: worker.id,
    host: worker.host,
    backend: worker.backend,
    gpu: worker.gpu,
    concurrency: worker.concurrency,
    status,
    busySlots: worker.currentJobs.length,
    jobs: worker.currentJobs.filter((job) => job.tenantId === tenantId).map((job) => job.id),
    startedAt: worker.startedAt.toISOString(),
    lastBeatAt: worker.lastBeatAt.toISOString(),
    stoppedAt: worker.stoppedAt?.toISOString() ?? null,
  };
}
