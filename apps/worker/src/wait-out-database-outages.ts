import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { isDatabaseUnavailableError } from "@trainyard/db";

export interface WaitOutOptions {
  /** Longest a call keeps retrying while Postgres is unreachable, in ms; then its error is thrown. */
  maxWaitMs: number;
  logger: Logger;
  /** First pause between tries, in ms, doubling up to 5 s. Default 250. */
  firstDelayMs?: number;
}

/**
 * The repository with every method retried while Postgres is unreachable (`isDatabaseUnavailableError`),
 * for up to `maxWaitMs`: a worker's writes wait for the database to come back instead of failing the
 * attempt, and training goes on where it paused. Other errors pass through at once. Every method's
 * writes are idempotent (conditional updates and upserts), so a retry after a write whose answer was
 * lost changes nothing twice.
 */
export function waitOutDatabaseOutages<T extends object>(repository: T, name: string, options: WaitOutOptions): T {
  return new Proxy(repository, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const started = Date.now();
        let delay = options.firstDelayMs ?? 250;
        for (let tries = 1; ; tries++) {
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } catch (error) {
            if (!isDatabaseUnavailableError(error) || Date.now() - started + delay > options.maxWaitMs) throw error;
            if (tries === 1) options.logger.warn({ err: error, call: `${name}.${String(property)}` }, "database unavailable; waiting for it");
            await sleep(delay);
            delay = Math.min(delay * 2, 5_000);
          }
        }
      };
    },
  });
}
