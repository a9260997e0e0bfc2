import { NotFoundError, TrainyardError } from "@trainyard/domain";
import { UnrecoverableJobError } from "@trainyard/queue";

/**
 * Whether an error is the job's own fault (bad data found late, a model that cannot train): such a
 * job fails at once, as does an UnrecoverableJobError. Anything else (storage, database, a lost worker) is retried. A NotFoundError is
 * not the user's: the dataset was checked at submit, so a missing object means storage trouble.
 */
export function isUserError(error: unknown): boolean {
  if (error instanceof UnrecoverableJobError) return true;
  return error instanceof TrainyardError && error.statusCode >= 400 && error.statusCode < 500 && !(error instanceof NotFoundError);
}

/**
 * A statusReason a user understands: our own errors say what happened in their words; anything
 * else (driver or SQL text, storage paths) stays in the worker log.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof TrainyardError || error instanceof UnrecoverableJobError) return error.message.slice(0, 2000);
  const name = error instanceof Error ? error.name : typeof error;
  return `internal error in the worker (${name}); the worker log has the details`;
}
