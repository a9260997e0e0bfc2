import { TrainyardError } from "@trainyard/domain";

/**
 * Whether an error is the job's own fault (bad data found late, a model that cannot train):
 * such a job fails at once. Anything else (storage, database, a lost worker) is retried.
 */
export function isUserError(error: unknown): boolean {
  if (error instanceof TrainyardError) return error.statusCode >= 400 && error.statusCode < 500;
  return error instanceof Error && error.name === "NonFiniteLossError";
}

/** A statusReason a user understands. */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.message.slice(0, 2000);
  return String(error).slice(0, 2000);
}
