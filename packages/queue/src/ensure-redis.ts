import { join } from "node:path";
import { pino, type Logger } from "pino";
import { findFreePort } from "./find-free-port.js";
import { probeRedis } from "./probe-redis.js";
import { redactRedisUrl } from "./redact-redis-url.js";
import { RedisServerNotFoundError } from "./redis-server-not-found-error.js";
import { RedisUnavailableError } from "./redis-unavailable-error.js";
import { spawnRedisServer } from "./spawn-redis-server.js";

/** Options of {@link ensureRedis}. */
export interface EnsureRedisOptions {
  /** A Redis chosen by the operator (REDIS_URL). When set it must answer; nothing is started. */
  url?: string;
  /** Trainyard's data directory; a private server gets `<dataDir>/redis` as its working directory. */
  dataDir: string;
  /** @defaultValue a pino logger on stdout */
  logger?: Logger;
  /** Where to look for a running Redis when `url` is not set. @defaultValue "redis://127.0.0.1:6379" */
  probeUrl?: string;
  /** Executable of the private server, looked up on the PATH. @defaultValue "redis-server" */
  redisServerCommand?: string;
  /** How long each probe waits for PONG. @defaultValue 2000 */
  probeTimeoutMs?: number;
  /** How long a private server may take to answer. @defaultValue 10000 */
  startTimeoutMs?: number;
}

/** The Redis to use, from {@link ensureRedis}. */
export interface EnsuredRedis {
  url: string;
  /** True when `ensureRedis` started a private server (which `stop` then stops). */
  started: boolean;
  /** Stops the private server, if one was started; otherwise does nothing. */
  stop(): Promise<void>;
}

/** Times a private server is tried on a fresh port, in case another process took the free port first. */
const startTries = 3;

/**
 * Finds a Redis for zero-setup runs. With `url`: checks that it answers. Without: uses `probeUrl` if it
 * answers, else starts a private `redis-server` on a free port of 127.0.0.1 (no persistence: a restart
 * starts empty, Postgres is the system of record).
 *
 * @throws {@link RedisUnavailableError} naming the URL when `url` does not answer, or saying how to get
 * Redis when nothing answers and `redis-server` is not installed.
 */
export async function ensureRedis(options: EnsureRedisOptions): Promise<EnsuredRedis> {
  const logger = options.logger ?? pino();
  const probeTimeoutMs = options.probeTimeoutMs ?? 2_000;
  const notStarted = { started: false, stop: async () => undefined };

  if (options.url !== undefined) {
    const probe = await probeRedis(options.url, probeTimeoutMs);
    if (!probe.ok) {
      throw new RedisUnavailableError(
        `Redis at ${redactRedisUrl(options.url)} (REDIS_URL) does not answer: ${probe.reason}`,
      );
    }
    return { url: options.url, ...notStarted };
  }

  const probeUrl = options.probeUrl ?? "redis://127.0.0.1:6379";
  const probe = await probeRedis(probeUrl, probeTimeoutMs);
  if (probe.ok) {
    logger.info({ url: redactRedisUrl(probeUrl) }, "using the local redis");
    return { url: probeUrl, ...notStarted };
  }

  const command = options.redisServerCommand ?? "redis-server";
  let lastError: unknown;
  for (let attempt = 1; attempt <= startTries; attempt += 1) {
    try {
      const server = await spawnRedisServer({
        command,
        dir: join(options.dataDir, "redis"),
        port: await findFreePort(),
        startTimeoutMs: options.startTimeoutMs ?? 10_000,
        logger,
      });
      return { url: server.url, started: true, stop: server.stop };
    } catch (error) {
      if (error instanceof RedisServerNotFoundError) {
        throw new RedisUnavailableError(
          `No Redis answers at ${redactRedisUrl(probeUrl)} (${probe.reason}) and "${command}" is not on the ` +
            "PATH to start a private one. Get Redis with `apt-get install redis-server`, `brew install redis` " +
            "or `docker run -d -p 6379:6379 redis:7`, or set REDIS_URL to a Redis you run.",
          { cause: error },
        );
      }
      lastError = error;
      logger.warn({ attempt, err: error }, "private redis-server did not start");
    }
  }
  throw new RedisUnavailableError(
    `No Redis answers at ${redactRedisUrl(probeUrl)} and a private "${command}" failed to start ` +
      `${startTries} times: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
    { cause: lastError },
  );
}
