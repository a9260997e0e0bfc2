import { PrismaPg } from "@prisma/adapter-pg";
import type {
  ArtifactRepository,
  AuthRepository,
  CheckpointRepository,
  DatasetRepository,
  IdempotencyKeyRepository,
  JobRepository,
  WorkerRegistry,
} from "@trainyard/domain";
import type { Logger } from "pino";
import { PrismaClient } from "./generated/prisma/client.js";
import { PrismaArtifactRepository } from "./repositories/prisma-artifact-repository.js";
import { PrismaAuthRepository } from "./repositories/prisma-auth-repository.js";
import { PrismaCheckpointRepository } from "./repositories/prisma-checkpoint-repository.js";
import { PrismaDatasetRepository } from "./repositories/prisma-dataset-repository.js";
import { PrismaIdempotencyKeyRepository } from "./repositories/prisma-idempotency-key-repository.js";
import { PrismaJobRepository } from "./repositories/prisma-job-repository.js";
import { PrismaWorkerRegistry } from "./repositories/prisma-worker-registry.js";
import { silentLogger } from "./silent-logger.js";

export interface CreateDatabaseOptions {
  /** Default: a logger that logs nothing. */
  logger?: Logger;
  /** Most connections the pool opens. Default: 10. */
  poolSize?: number;
  /** How long to wait for a connection before a query fails, in ms. Default: 10000. */
  connectTimeoutMs?: number;
}

/** The repositories over one Postgres connection pool. */
export interface Database {
  /** The underlying client, for queries no repository offers (tests, scripts). */
  prisma: PrismaClient;
  auth: AuthRepository;
  datasets: DatasetRepository;
  jobs: JobRepository;
  artifacts: ArtifactRepository;
  /** Saved training states of jobs. */
  checkpoints: CheckpointRepository;
  /** Worker processes and their heartbeats. */
  workers: WorkerRegistry;
  /** Idempotency-Key claims and stored answers of POST requests. */
  idempotencyKeys: IdempotencyKeyRepository;
  /** Whether Postgres answers a trivial query. Never throws. */
  ping(): Promise<boolean>;
  /** Closes the pool; the object is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * Builds the Prisma-backed repositories for the database at `url`. Nothing connects until the
 * first query.
 */
export function createDatabase(url: string, options: CreateDatabaseOptions = {}): Database {
  const logger = options.logger ?? silentLogger;
  const adapter = new PrismaPg(
    { connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000 },
    {
      onPoolError: (error) => logger.warn({ err: error }, "idle database connection failed"),
      onConnectionError: (error) => logger.warn({ err: error }, "database connection failed"),
    },
  );
  // Longer than Prisma's defaults (2 s to start, 5 s to finish): on the embedded server,
  // transactions of every connection run one after another.
  const prisma = new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } });
  return {
    prisma,
    auth: new PrismaAuthRepository(prisma),
    datasets: new PrismaDatasetRepository(prisma),
    jobs: new PrismaJobRepository(prisma),
    artifacts: new PrismaArtifactRepository(prisma),
    checkpoints: new PrismaCheckpointRepository(prisma),
    workers: new PrismaWorkerRegistry(prisma),
    idempotencyKeys: new PrismaIdempotencyKeyRepository(prisma),
    ping: async () => {
      try {
        await prisma.$queryRaw`SELECT 1`;
        return true;
      } catch (error) {
        logger.warn({ err: error }, "database ping failed");
        return false;
      }
    },
    close: async () => {
      await prisma.$disconnect();
    },
  };
}
