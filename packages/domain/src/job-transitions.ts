import type { JobStatus } from "@trainyard/contracts";

/**
 * The one table of legal job status transitions. A job is RUNNING again when a crashed worker's
 * job is redelivered (a new attempt).
 */
const transitions: Record<JobStatus, readonly JobStatus[]> = {
  QUEUED: ["RUNNING", "CANCELLED", "FAILED"],
  RUNNING: ["RUNNING", "SUCCEEDED", "FAILED", "CANCELLING", "QUEUED"],
  CANCELLING: ["CANCELLED", "FAILED", "SUCCEEDED"],
  SUCCEEDED: [],
  FAILED: [],
  CANCELLED: [],
};

/** Whether a job may move from `from` to `to`. */
export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return transitions[from].includes(to);
}

/** The statuses a job may be in for it to move to `to`. */
export function statusesBefore(to: JobStatus): JobStatus[] {
  return (Object.keys(transitions) as JobStatus[]).filter((from) => canTransition(from, to));
}

/** Whether a job in this status will never change again. */
export function isTerminalStatus(status: JobStatus): boolean {
  return transitions[status].length === 0;
}
