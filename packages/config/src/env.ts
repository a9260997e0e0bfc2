import { z } from "zod";

const emptyAsUndefined = (value: unknown): unknown => (value === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

/**
 * Every environment variable Trainyard reads, with its default. Parsed once at boot by
 * {@link loadConfig}; nothing else reads `process.env`.
 */
export const envSchema = z.object({
  /** HTTP port of the API, default 8080. */
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Address the API binds, default 0.0.0.0. */
  HOST: z.string().min(1).default("0.0.0.0"),
  /** Where the zero-config start keeps its data (embedded Postgres, Redis, objects, admin token), default ./.trainyard. */
  DATA_DIR: z.string().min(1).default("./.trainyard"),
  /** Postgres URL; unset -> the API starts an embedded Postgres (PGlite) under DATA_DIR. */
  DATABASE_URL: optionalString,
  /** Redis URL; unset -> redis://127.0.0.1:6379, or a private redis-server under DATA_DIR if none answers. */
  REDIS_URL: optionalString,
  /** Object store for datasets and models: filesystem (default) or s3. */
  STORAGE: z.enum(["filesystem", "s3"]).default("filesystem"),
  /** Root of the filesystem object store, default <DATA_DIR>/objects. API and workers must share it. */
  STORAGE_DIR: optionalString,
  /** S3 bucket (required with STORAGE=s3). */
  S3_BUCKET: optionalString,
  /** Key prefix inside the bucket, default none. */
  S3_PREFIX: z.string().default(""),
  /** S3 endpoint for S3-compatible servers (MinIO, Ceph, s3rver); unset: AWS. */
  S3_ENDPOINT: optionalString,
  /** S3 region, default us-east-1. */
  S3_REGION: z.string().min(1).default("us-east-1"),
  /** Path-style bucket addressing (most S3-compatible servers need it), default false. */
  S3_FORCE_PATH_STYLE: z.enum(["true", "false", "1", "0"]).default("false").transform((v) => v === "true" || v === "1"),
  /** S3 credentials; unset: the AWS SDK's default chain (environment, profile, instance role). */
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** Folder whose files may be referenced as file:// datasets; unset: file:// refused. */
  DATASETS_ROOT: optionalString,
  /**
   * Comma-separated hosts whose https:// URLs may be referenced as datasets: names, `*.example.com`
   * or `*`; unset: https:// refused. Hosts allowed by a pattern must resolve to public addresses;
   * a host listed by name may also be private or loopback.
   */
  ALLOW_HTTP_DATASETS: z.string().default(""),
  /** Lifetime of presigned download URLs (?redirect=1), default 900 seconds. */
  PRESIGN_EXPIRES_SECONDS: z.coerce.number().int().min(1).max(604_800).default(900),
  /** Bearer token for /v1/admin routes; unset -> generated once and stored in <DATA_DIR>/admin-token. */
  TRAINYARD_ADMIN_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
  /** BullMQ queue name, default trainyard-train. */
  QUEUE_NAME: z.string().regex(/^[A-Za-z0-9_-]+$/).default("trainyard-train"),
  /** Jobs one worker process trains at once, default 1. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** TensorFlow.js backend: auto (fastest that loads: tensorflow GPU/CPU, native, wasm, cpu), tensorflow, native, wasm or cpu. */
  TF_BACKEND: z.enum(["auto", "tensorflow", "native", "wasm", "cpu"]).default("auto"),
  /** Largest accepted dataset upload in MiB, default 1024. */
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).default(1024),
  /**
   * Largest dataset (stored size: x.bin + y.bin) a worker loads into memory, in MiB, default 1024.
   * Larger numeric datasets are streamed from the object store in blocks; text datasets, GANs and
   * cross-validation over it are refused at submit. At most 2047: Node reads no file over 2 GiB whole.
   */
  MAX_IN_MEMORY_MB: z.coerce.number().int().min(1).max(2047).default(1024),
  /** Largest model a job may train, in parameters, default 20,000,000 (checked at submit). */
  MAX_MODEL_PARAMS: z.coerce.number().int().min(1).default(20_000_000),
  /** Most layers a model may have, default 200. */
  MAX_MODEL_LAYERS: z.coerce.number().int().min(1).default(200),
  /** Most epochs a job may ask for, default 1000. */
  MAX_EPOCHS: z.coerce.number().int().min(1).default(1000),
  /** Largest batch a job may ask for, default 4096. */
  MAX_BATCH_SIZE: z.coerce.number().int().min(1).default(4096),
  /** Seconds between passes of the API's reconciler (re-queues jobs Redis lost), default 30; 0 turns it off. */
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(30),
  /**
   * Seconds a worker's hold on a running job lasts, default 60; renewed every half of it while the
   * job trains. A worker that dies (SIGKILL, OOM, machine gone) loses its job to another worker one
   * to two times this later, and the job continues from its last checkpoint.
   */
  JOB_LOCK_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
  /**
   * A stopping worker (SIGTERM) asks its running jobs to checkpoint after their current batch and
   * hand themselves back; a job still running after this many seconds is handed back as it is. Default 25.
   */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(25),
  /**
   * Seconds a worker's database calls keep retrying while Postgres is unreachable before the attempt
   * fails (and is retried from its checkpoint), default 300; training waits meanwhile, nothing is lost.
   */
  DB_OUTAGE_WAIT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Worker id shown on jobs and events, default <hostname>-<pid>. */
  WORKER_ID: optionalString,
  /**
   * Seconds between a worker's heartbeats, default 10. GET /v1/workers shows a worker whose last beat
   * is older than 3 x this as lost; give the API and the workers the same value.
   */
  HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  /** pino level, default info. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof envSchema>;
