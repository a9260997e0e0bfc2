/** The Redis server executable could not be run (not on the PATH); callers say how to install Redis. */
export class RedisServerNotFoundError extends Error {
  constructor(command: string) {
    super(`"${command}" was not found on the PATH`);
    this.name = "RedisServerNotFoundError";
  }
}
