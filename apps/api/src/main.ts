// `npm run api`: the HTTP API alone. Many API processes can run against one Postgres and Redis.
import { createLogger, loadConfig, runUntilSignal } from "@trainyard/config";
import { ensureAdminToken } from "./bootstrap/admin-token.js";
import { startInfrastructure } from "./bootstrap/infrastructure.js";
import { startApi } from "./bootstrap/start-api.js";


const config = loadConfig();
const logger = createLogger({ level: config.logLevel, name: "api" });

await runUntilSignal(logger, async () => {
  const infra = await startInfrastructure(config, logger);
  const adminToken = await ensureAdminToken({ configured: config.adminToken, dataDir: config.dataDir });
  const api = await startApi(config, { ...infra, adminToken }, logger);
  logger.info({ url: api.url }, "api listening");
  return async () => {
    await api.close();
    await infra.stop();
  };
});
