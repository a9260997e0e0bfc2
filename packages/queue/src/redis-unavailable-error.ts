/** Redis did not answer: a probe failed, a command timed out, or no Redis could be found or started. */
export class RedisUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RedisUnavailableError";
  }
}
