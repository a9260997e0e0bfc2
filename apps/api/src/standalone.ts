// `npm start`: the zero-configuration start. The API, its infrastructure (embedded Postgres and a
// private Redis when none is configured) and one worker child process, all under DATA_DIR.
import { createLogger, loadConfig, runUntilSignal } from "@trainyard/config";
import { ensureAdminToken } from "./bootstrap/admin-token.js";
import { startInfrastructure } from "./bootstrap/infrastructure.js";
import { startApi } from "./bootstrap/start-api.js";
import { superviseWorker } from "./bootstrap/worker-process.js";

const config = loadConfig();
const logger = createLogger({ level: config.logLevel, name: "trainyard" });

await runUntilSignal(logger, async () => {
  const infra = await startInfrastructure(config, logger);
  const adminToken = await ensureAdminToken({ configured: config.adminToken, dataDir: config.dataDir });
  const api = await startApi(config, { ...infra, adminToken }, logger.child({ component: "api" }));
  const worker = superviseWorker({
    env: {
      ...process.env,
      DATABASE_URL: infra.databaseUrl,
      REDIS_URL: infra.redisUrl,
      DATA_DIR: config.dataDir,
      STORAGE_DIR: config.storageDir,
      QUEUE_NAME: config.queueName,
    },
    logger: logger.child({ component: "supervisor" }),
  });
  logger.info({ url: api.url, docs: `${api.url}/docs` }, "trainyard ready");
  return async () => {
    await worker.stop();
    await api.close();
    await infra.stop();
  };
});
