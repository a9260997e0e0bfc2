import { join } from "node:path";
import type { Logger } from "pino";
import type { Config } from "@trainyard/config";
import { applyMigrations, startEmbeddedPostgres } from "@trainyard/db";
import { ensureRedis } from "@trainyard/queue";

/** Where Postgres and Redis are for this run, and how to stop what this process started. */
export interface Infrastructure {
  databaseUrl: string;
  redisUrl: string;
  /** Whether Postgres is the embedded one started by this process. */
  embeddedDatabase: boolean;
  stop(): Promise<void>;
}

/**
 * Resolves the services of a run: the configured Postgres or an embedded one under DATA_DIR
 * (migrations applied either way), and the configured Redis, the local one, or a private one.
 */
export async function startInfrastructure(config: Config, logger: Logger): Promise<Infrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const fn of stops.reverse()) await fn().catch((error: unknown) => logger.error({ err: error }, "infrastructure stop failed"));
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (databaseUrl === undefined) {
      const embedded = await startEmbeddedPostgres({ dataDir: join(config.dataDir, "postgres"), logger: logger.child({ component: "embedded-postgres" }) });
      stops.push(() => embedded.stop());
      databaseUrl = embedded.url;
      logger.info({ dataDir: join(config.dataDir, "postgres") }, "embedded postgres started");
    }
    const migrations = await applyMigrations({ connectionString: databaseUrl, logger: logger.child({ component: "migrate" }) });
    logger.info({ applied: migrations.applied.length }, "migrations applied");
    const redis = await ensureRedis({ url: config.redisUrl, dataDir: config.dataDir, logger: logger.child({ component: "redis" }) });
    stops.push(() => redis.stop());
    return { databaseUrl, redisUrl: redis.url, embeddedDatabase: config.databaseUrl === undefined, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
