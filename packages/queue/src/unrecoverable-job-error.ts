/**
 * Thrown by a training processor when retrying cannot help (the job's row is gone, its spec can never
 * train, its dataset is malformed). The training worker turns it into BullMQ's `UnrecoverableError`,
 * so the job fails at once instead of using its remaining attempts.
 */
export class UnrecoverableJobError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UnrecoverableJobError";
  }
}
