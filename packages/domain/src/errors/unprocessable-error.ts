import { TrainyardError } from "./trainyard-error.js";

/**
 * The request is well formed but contradicts an earlier one it claims to repeat (e.g. an
 * Idempotency-Key reused with a different body).
 */
export class UnprocessableError extends TrainyardError {
  readonly statusCode = 422;
}
