import { TrainyardError } from "./trainyard-error.js";

/** A dependency (database, queue, storage) does not answer; the request may succeed if retried later. */
export class ServiceUnavailableError extends TrainyardError {
  readonly statusCode = 503;
  /** Seconds after which a retry makes sense, sent as Retry-After. */
  readonly retryAfterSeconds: number = 5;
}
