import type { JobSecondaryStatus, JobStatus } from "@trainyard/contracts";
import { allowsSecondaryStatus, initialSecondaryStatus, statusesBefore, type JobRecord } from "@trainyard/domain";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { toJobRecord } from "./to-job-record.js";

/** One status change of a job. */
export interface JobTransition {
  id: string;
  /** When set, only this tenant's job changes (another tenant's id behaves as a missing one). */
  tenantId?: string;
  to: JobStatus;
  /**
   * The statuses this operation may start from. Only those `statusesBefore(to)` also names are
   * used, so the transition table in @trainyard/domain always has the last word.
   */
  from: readonly JobStatus[];
  /** Other columns to set along with the status. */
  data?: Omit<Prisma.JobUpdateManyMutationInput, "status" | "statusReason">;
  /** Why: stored as the job's statusReason (null when absent) and on the event. */
  reason?: string | undefined;
  /** The secondary status to enter with; default the one `to` starts with (`initialSecondaryStatus`). */
  secondary?: JobSecondaryStatus | undefined;
  /** Sets startedAt to now when it is still null. */
  setStartedAtOnce?: boolean;
}

/**
 * Applies a status change as a conditional update (`status IN (allowed)`) plus a job_events row,
 * in one transaction. The event records the job's workerId and attempts after the change.
 * @returns the changed job, or null (writing nothing) when the job does not exist, belongs to
 *   another tenant, or is in a status the change is not allowed from.
 */
export async function transitionJob(prisma: PrismaClient, transition: JobTransition): Promise<JobRecord | null> {
  const allowed = statusesBefore(transition.to).filter((status) => transition.from.includes(status));
  if (allowed.length === 0) return null;
  const reason = transition.reason ?? null;
  const secondaryStatus = transition.secondary ?? initialSecondaryStatus(transition.to);
  if (!allowsSecondaryStatus(transition.to, secondaryStatus)) throw new RangeError(`status ${transition.to} does not allow secondary status ${secondaryStatus}`);
  return await prisma.$transaction(async (tx) => {
    const { count } = await tx.job.updateMany({
      where: { id: transition.id, tenantId: transition.tenantId, status: { in: allowed } },
      data: { ...transition.data, status: transition.to, secondaryStatus, statusReason: reason },
    });
    if (count === 0) return null;
    let row = await tx.job.findUniqueOrThrow({ where: { id: transition.id } });
    if (transition.setStartedAtOnce === true && row.startedAt === null) {
      row = await tx.job.update({ where: { id: transition.id }, data: { startedAt: new Date() } });
    }
    await tx.jobEvent.create({
      data: { jobId: row.id, status: transition.to, secondaryStatus, reason, workerId: row.workerId, attempt: row.attempts },
    });
    return toJobRecord(row);
  });
}
