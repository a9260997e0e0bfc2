import type { Logger } from "pino";
import type { JobQueue, JobRecord, JobRepository } from "@trainyard/domain";
import { listWorkerStatuses, type WorkerDeps } from "./workers.js";

/** Jobs younger than this are left alone: their submit or status change may still be under way. */
const settleMs = 30_000;
/** Jobs looked at per pass. */
const batchSize = 200;

export interface ReconcileDeps {
  jobs: JobRepository;
  queue: JobQueue;
  logger: Logger;
  /** Worker heartbeats, to log the status of a reconciled job's worker. @defaultValue none (not logged) */
  workers?: WorkerDeps;
}

export interface ReconcileResult {
  checked: number;
  requeued: number;
  failed: number;
  cancelled: number;
}

/**
 * Makes the queue agree with Postgres, the system of record: every QUEUED or RUNNING job has a live
 * queue entry, and a job whose entry failed or vanished ends in a status that says so. Run at API
 * start and periodically; safe to run from several API processes at once (enqueue is idempotent and
 * every status change is conditional).
 *
 * - QUEUED, no entry (Redis emptied, or the API died between insert and enqueue): enqueue it.
 * - RUNNING, no entry (Redis emptied): back to QUEUED and enqueue it (a new attempt).
 * - QUEUED or RUNNING, entry failed or completed without a final status: FAILED with the reason.
 * - CANCELLING, entry gone, failed or completed: CANCELLED.
 */
export async function reconcileJobs(deps: ReconcileDeps, now = new Date()): Promise<ReconcileResult> {
  const result: ReconcileResult = { checked: 0, requeued: 0, failed: 0, cancelled: 0 };
  // Read at most once per pass, and only when a job is reconciled: the log then says whether the
  // job's worker had stopped beating (lost) or still beats.
  let workerStatuses: Promise<Map<string, string> | null> | undefined;
  const workerStatusOf = async (workerId: string | null): Promise<string | undefined> => {
    if (deps.workers === undefined || workerId === null) return undefined;
    workerStatuses ??= listWorkerStatuses(deps.workers).catch(() => null);
    const statuses = await workerStatuses;
    return statuses === null ? "unknown" : (statuses.get(workerId) ?? "unseen");
  };
  const candidates = await deps.jobs.listUnfinished({ updatedBefore: new Date(now.getTime() - settleMs), limit: batchSize });
  for (const job of candidates) {
    result.checked++;
    const entry = await deps.queue.inspect(job.id);
    const outcome = await reconcileJob(deps, job, entry.state, entry.failedReason);
    if (outcome !== null) {
      result[outcome]++;
      const workerStatus = await workerStatusOf(job.workerId);
      deps.logger.info({ jobId: job.id, status: job.status, queueState: entry.state, outcome, workerId: job.workerId, workerStatus }, "job reconciled");
    }
  }
  return result;
}

async function reconcileJob(
  deps: { jobs: JobRepository; queue: JobQueue },
  job: JobRecord,
  state: string,
  failedReason: string | undefined,
): Promise<keyof Omit<ReconcileResult, "checked"> | null> {
  const gone = state === "unknown";
  const ended = state === "failed" || state === "completed";
  if (job.status === "CANCELLING") {
    if (!gone && !ended) return null;
    return (await deps.jobs.finish(job.id, "CANCELLED", "cancelled; its worker stopped before recording it")) ? "cancelled" : null;
  }
  if (ended) {
    const reason = state === "failed" ? `the worker gave up: ${failedReason ?? "unknown reason"}` : "the worker ended without recording a result";
    return (await deps.jobs.fail(job.id, reason)) ? "failed" : null;
  }
  if (!gone) return null;
  if (job.status === "RUNNING" && (await deps.jobs.requeue(job.id, "its queue entry was lost; queued again")) === null) return null;
  // The priority lives in the spec (Postgres), so an entry Redis lost comes back with it.
  await deps.queue.enqueue({ jobId: job.id, tenantId: job.tenantId }, { priority: job.spec.priority, maxAttempts: job.spec.maxAttempts });
  return "requeued";
}
