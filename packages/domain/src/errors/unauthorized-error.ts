import { TrainyardError } from "./trainyard-error.js";

/** No credentials, or credentials that match nothing. */
export class UnauthorizedError extends TrainyardError {
  readonly statusCode = 401;
}
