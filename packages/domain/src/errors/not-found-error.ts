import { TrainyardError } from "./trainyard-error.js";

/** A resource does not exist, or belongs to another tenant (which callers must not be able to tell). */
export class NotFoundError extends TrainyardError {
  readonly statusCode = 404;
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super(`${resource} ${id} not found`);
  }
}
