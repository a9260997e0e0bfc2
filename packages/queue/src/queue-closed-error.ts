/** A queue method was called after `close()`. */
export class QueueClosedError extends Error {
  constructor(queueName: string) {
    super(`queue "${queueName}" is closed`);
    this.name = "QueueClosedError";
  }
}
