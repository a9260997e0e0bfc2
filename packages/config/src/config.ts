import { hostname } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { envSchema, type Env } from "./env.js";
import { ConfigError } from "./config-error.js";

/** Configuration of one Trainyard process, derived from the environment once at boot. */
export interface Config {
  port: number;
  host: string;
  /** Absolute path. */
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Absolute path of the filesystem object store. */
  storageDir: string;
  /** Which object store holds datasets and models, with its settings. */
  storage:
    | { kind: "filesystem"; root: string }
    | { kind: "s3"; bucket: string; prefix: string; endpoint?: string; region: string; forcePathStyle: boolean; accessKeyId?: string; secretAccessKey?: string };
  /** Lifetime of presigned download URLs, seconds. */
  presignExpiresSeconds: number;
  /** Where datasets given by URI may come from. */
  datasetSources: { datasetsRoot?: string; allowHttpHosts: string[] };
  adminToken: string | undefined;
  queueName: string;
  workerConcurrency: number;
  tfBackend: Env["TF_BACKEND"];
  maxUploadBytes: number;
  workerId: string;
  /** What a job may ask for; checked at submit with a 400 naming the field. */
  jobLimits: {
    maxParams: number;
    maxLayers: number;
    maxEpochs: number;
    maxBatchSize: number;
    /** MAX_IN_MEMORY_MB: datasets stored larger than this many MiB are streamed by the worker. */
    maxInMemoryMB: number;
  };
  /** Milliseconds between reconciler passes; 0 means off. */
  reconcileIntervalMs: number;
  /** DB_OUTAGE_WAIT_SECONDS x 1000: how long a worker's database calls wait out an unreachable Postgres. */
  dbOutageWaitMs: number;
  /** JOB_LOCK_SECONDS x 1000: how long a worker's hold on a running job lasts. */
  jobLockMs: number;
  /** SHUTDOWN_GRACE_SECONDS x 1000: how long a stopping worker lets running jobs finish. */
  shutdownGraceMs: number;
  /** Milliseconds between a worker's heartbeats (HEARTBEAT_SECONDS); a worker silent 3 times as long is lost. */
  heartbeatIntervalMs: number;
  logLevel: Env["LOG_LEVEL"];
}

/** Parses the environment (default: `process.env`); throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid environment: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  const dataDir = absolute(e.DATA_DIR, cwd);
  const storageDir = e.STORAGE_DIR === undefined ? resolve(dataDir, "objects") : absolute(e.STORAGE_DIR, cwd);
  if (e.STORAGE === "s3" && e.S3_BUCKET === undefined) throw new ConfigError("invalid environment: S3_BUCKET: required when STORAGE=s3");
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    storageDir,
    storage:
      e.STORAGE === "s3"
        ? {
            kind: "s3",
            bucket: e.S3_BUCKET ?? "",
            prefix: e.S3_PREFIX,
            region: e.S3_REGION,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
            ...(e.S3_ENDPOINT === undefined ? {} : { endpoint: e.S3_ENDPOINT }),
            ...(e.S3_ACCESS_KEY_ID === undefined ? {} : { accessKeyId: e.S3_ACCESS_KEY_ID }),
            ...(e.S3_SECRET_ACCESS_KEY === undefined ? {} : { secretAccessKey: e.S3_SECRET_ACCESS_KEY }),
          }
        : { kind: "filesystem", root: storageDir },
    presignExpiresSeconds: e.PRESIGN_EXPIRES_SECONDS,
    datasetSources: {
      ...(e.DATASETS_ROOT === undefined ? {} : { datasetsRoot: absolute(e.DATASETS_ROOT, cwd) }),
      allowHttpHosts: e.ALLOW_HTTP_DATASETS.split(",").map((h) => h.trim().toLowerCase()).filter((h) => h.length > 0),
    },
    adminToken: e.TRAINYARD_ADMIN_TOKEN,
    queueName: e.QUEUE_NAME,
    workerConcurrency: e.WORKER_CONCURRENCY,
    tfBackend: e.TF_BACKEND,
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    workerId: e.WORKER_ID ?? `${hostname()}-${process.pid}`,
    reconcileIntervalMs: e.RECONCILE_INTERVAL_SECONDS * 1000,
    heartbeatIntervalMs: e.HEARTBEAT_SECONDS * 1000,
    jobLockMs: e.JOB_LOCK_SECONDS * 1000,
    dbOutageWaitMs: e.DB_OUTAGE_WAIT_SECONDS * 1000,
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    jobLimits: { maxParams: e.MAX_MODEL_PARAMS, maxLayers: e.MAX_MODEL_LAYERS, maxEpochs: e.MAX_EPOCHS, maxBatchSize: e.MAX_BATCH_SIZE, maxInMemoryMB: e.MAX_IN_MEMORY_MB },
    logLevel: e.LOG_LEVEL,
  };
}

function absolute(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
