import { TrainyardError } from "./trainyard-error.js";

/** The request is valid but the resource's current state does not allow it (e.g. cancel a finished job). */
export class ConflictError extends TrainyardError {
  readonly statusCode = 409;
}
