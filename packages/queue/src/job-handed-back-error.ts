/**
 * Thrown by a training processor that stopped because its worker is stopping (the context's `drain`
 * signal) after saving what it needs to continue: the training worker moves the job back to the
 * queue's wait list (no attempt used up), and another worker continues it.
 */
export class JobHandedBackError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "JobHandedBackError";
  }
}
