import type { JobSecondaryStatus, JobStatus } from "@trainyard/contracts";

/**
 * The one table of legal job status transitions. A job is RUNNING again when a crashed worker's
 * job is redelivered (a new attempt). A FAILED or CANCELLED job goes back to QUEUED only when
 * resumed by request (POST /v1/jobs/:id/resume).
 */
const transitions: Record<JobStatus, readonly JobStatus[]> = {
  QUEUED: ["RUNNING", "CANCELLED", "FAILED"],
  RUNNING: ["RUNNING", "SUCCEEDED", "FAILED", "CANCELLING", "QUEUED"],
  CANCELLING: ["CANCELLED", "FAILED", "SUCCEEDED"],
  SUCCEEDED: [],
  FAILED: ["QUEUED"],
  CANCELLED: ["QUEUED"],
};

/** Statuses a job stays in unless someone resumes it. */
const finalStatuses: readonly JobStatus[] = ["SUCCEEDED", "FAILED", "CANCELLED"];

/** Whether a job may move from `from` to `to`. */
export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return transitions[from].includes(to);
}

/** The statuses a job may be in for it to move to `to`. */
export function statusesBefore(to: JobStatus): JobStatus[] {
  return (Object.keys(transitions) as JobStatus[]).filter((from) => canTransition(from, to));
}

/** Whether a job in this status is finished: it changes again only if resumed by request. */
export function isTerminalStatus(status: JobStatus): boolean {
  return finalStatuses.includes(status);
}

/**
 * The secondary statuses each status allows; the first is the one a job takes on entering the
 * status, unless the change names another.
 */
const secondaryStatuses: Record<JobStatus, readonly JobSecondaryStatus[]> = {
  QUEUED: ["PENDING", "INTERRUPTED"],
  RUNNING: ["STARTING", "LOADING_DATA", "RESUMING", "TRAINING", "EVALUATING", "CHECKPOINTING", "UPLOADING"],
  CANCELLING: ["STOPPING"],
  SUCCEEDED: ["COMPLETED"],
  FAILED: ["FAILED", "MAX_RUNTIME_EXCEEDED"],
  CANCELLED: ["STOPPED"],
};

/** Whether a job in `status` may have secondary status `secondary`. */
export function allowsSecondaryStatus(status: JobStatus, secondary: JobSecondaryStatus): boolean {
  return secondaryStatuses[status].includes(secondary);
}

/** The secondary status a job takes on entering `status`. */
export function initialSecondaryStatus(status: JobStatus): JobSecondaryStatus {
  return secondaryStatuses[status][0] ?? "PENDING";
}

/** The statuses in which `secondary` is allowed. */
export function statusesAllowing(secondary: JobSecondaryStatus): JobStatus[] {
  return (Object.keys(secondaryStatuses) as JobStatus[]).filter((status) => allowsSecondaryStatus(status, secondary));
}
