// `npm run worker`: one worker process. Run as many as you like, on as many machines, against one
// Postgres (DATABASE_URL), one Redis (REDIS_URL) and one shared object store (STORAGE_DIR).
import { createLogger, loadConfig, runUntilSignal } from "@trainyard/config";
import { startWorker } from "./start-worker.js";

const config = loadConfig();
const logger = createLogger({ level: config.logLevel, name: "worker" }).child({ workerId: config.workerId });

await runUntilSignal(logger, async () => {
  if (config.databaseUrl === undefined) {
    throw new Error(
      "DATABASE_URL is not set: a worker started on its own needs the Postgres the API uses. " +
        "Use `npm start` for the zero-configuration start (API, embedded Postgres and a worker together).",
    );
  }
  const worker = await startWorker(
    config,
    { databaseUrl: config.databaseUrl, redisUrl: config.redisUrl ?? "redis://127.0.0.1:6379" },
    logger,
  );
  return () => worker.close();
});
