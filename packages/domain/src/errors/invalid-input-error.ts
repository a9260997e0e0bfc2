import { TrainyardError } from "./trainyard-error.js";

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `body.training.epochs`. */
  path: string;
  message: string;
}

/** The request's content is wrong; `details` names each field and the reason. */
export class InvalidInputError extends TrainyardError {
  readonly statusCode = 400;
  constructor(
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
  }

  static forField(path: string, message: string): InvalidInputError {
    return new InvalidInputError(`${path}: ${message}`, [{ path, message }]);
  }
}
