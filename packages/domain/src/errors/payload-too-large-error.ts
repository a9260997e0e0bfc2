import { TrainyardError } from "./trainyard-error.js";

/** An upload exceeds the configured size limit. */
export class PayloadTooLargeError extends TrainyardError {
  readonly statusCode = 413;
}
