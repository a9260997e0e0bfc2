import type { DatasetSourceReader } from "@trainyard/storage";
import type {
  ArtifactRepository,
  CheckpointRepository,
  AuthRepository,
  DatasetRepository,
  IdempotencyKeyRepository,
  JobQueue,
  JobRepository,
  ObjectStore,
  WorkerRegistry,
} from "@trainyard/domain";

export interface JobLimits {
  maxParams: number;
  maxLayers: number;
  maxEpochs: number;
  maxBatchSize: number;
  /** MAX_IN_MEMORY_MB: larger datasets are streamed by the worker; jobs that cannot stream them are refused. Default 1024. */
  maxInMemoryMB?: number;
}

/** Everything the HTTP app needs, built at start-up (adapters are wired here and nowhere else). */
export interface AppDependencies {
  auth: AuthRepository;
  datasets: DatasetRepository;
  jobs: JobRepository;
  artifacts: ArtifactRepository;
  /** Saved training states of jobs (GET /v1/jobs/:id/checkpoints, resume). */
  checkpoints: CheckpointRepository;
  /** Worker processes and their heartbeats (GET /v1/workers). */
  workers: WorkerRegistry;
  /** Idempotency-Key claims and stored answers of POST /v1/jobs and POST /v1/datasets. */
  idempotencyKeys: IdempotencyKeyRepository;
  /** HEARTBEAT_SECONDS x 1000: a worker silent for 3 times this is shown as lost. Default 10000. */
  heartbeatIntervalMs?: number;
  store: ObjectStore;
  /** Reads datasets given by URI (s3://, file://, https://) under the configured rules. */
  sources: DatasetSourceReader;
  /** With STORAGE=s3: the store's bucket and prefix, which dataset references may not point into. */
  storageArea?: { bucket: string; prefix: string };
  queue: JobQueue;
  /** Whether an error means a dependency (Postgres) is unreachable: answered 503 with Retry-After. Default: none is. */
  isDependencyUnavailable?: (error: unknown) => boolean;
  /** Whether Postgres answers. */
  pingDatabase: () => Promise<boolean>;
  /** Bearer token of the /v1/admin routes. */
  adminToken: string;
  /** Largest accepted upload file, bytes. */
  maxUploadBytes: number;
  /** Lifetime of presigned download URLs (`?redirect=1` on a store that can presign), seconds. */
  presignExpiresSeconds: number;
  /** What a job may ask for (model size, epochs, batch size). */
  jobLimits: JobLimits;
}
