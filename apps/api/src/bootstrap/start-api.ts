import type { Logger } from "pino";
import type { Config } from "@trainyard/config";
import { createDatabase, isDatabaseUnavailableError } from "@trainyard/db";
import { BullJobQueue } from "@trainyard/queue";
import { createDatasetSourceReader, createObjectStore } from "@trainyard/storage";
import { buildApp, type App } from "../app.js";
import type { AppDependencies } from "../app-dependencies.js";
import { datasetSourceRules } from "./dataset-source-rules.js";
import { startReconciler } from "./reconciler.js";

/** A listening API and how to close it. */
export interface RunningApi {
  app: App;
  url: string;
  close(): Promise<void>;
}

/** Wires the adapters into the app and listens on config.host:config.port. */
export async function startApi(
  config: Config,
  services: { databaseUrl: string; redisUrl: string; adminToken: string },
  logger: Logger,
): Promise<RunningApi> {
  const db = createDatabase(services.databaseUrl, { logger });
  const queue = new BullJobQueue({ connection: services.redisUrl, queueName: config.queueName, logger });
  const deps: AppDependencies = {
    auth: db.auth,
    datasets: db.datasets,
    jobs: db.jobs,
    artifacts: db.artifacts,
    checkpoints: db.checkpoints,
    workers: db.workers,
    idempotencyKeys: db.idempotencyKeys,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    store: createObjectStore(config.storage),
    sources: createDatasetSourceReader(datasetSourceRules(config)),
    ...(config.storage.kind === "s3" ? { storageArea: { bucket: config.storage.bucket, prefix: config.storage.prefix } } : {}),
    queue,
    pingDatabase: () => db.ping(),
    isDependencyUnavailable: isDatabaseUnavailableError,
    adminToken: services.adminToken,
    maxUploadBytes: config.maxUploadBytes,
    jobLimits: config.jobLimits,
    presignExpiresSeconds: config.presignExpiresSeconds,
  };
  const app = await buildApp(deps, { logger });
  const address = await app.listen({ port: config.port, host: config.host });
  const reconciler =
    config.reconcileIntervalMs > 0
      ? startReconciler(
          {
            jobs: db.jobs,
            queue,
            logger: logger.child({ component: "reconciler" }),
            workers: { workers: db.workers, heartbeatIntervalMs: config.heartbeatIntervalMs },
            references: { ...deps, logger: logger.child({ component: "datasets" }) },
          },
          config.reconcileIntervalMs,
        )
      : null;
  return {
    app,
    url: address,
    close: async () => {
      await reconciler?.stop();
      await app.close();
      await queue.close();
      await db.close();
    },
  };
}
