import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { Queue } from "bullmq";
import supertest from "supertest";
import { loadConfig } from "@trainyard/config";
import type { JobView } from "@trainyard/contracts";
import { startApi, type RunningApi } from "../../apps/api/src/bootstrap/start-api.js";
import { startWorker, type RunningWorker } from "../../apps/worker/src/start-worker.js";
import { createTestDatabase } from "./test-database.js";

const sharedRedisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A real API (listening on loopback) with its own database, queue and object store, and optionally a worker. */
export interface TestStack {
  baseUrl: string;
  api: RunningApi;
  worker: RunningWorker | null;
  adminToken: string;
  queueName: string;
  databaseUrl: string;
  redisUrl: string;
  /** Root of the stack's filesystem object store. */
  storageDir: string;
  request: () => supertest.Agent;
  /** Creates an API key for a new tenant of this stack. */
  createTenantKey(tenant?: string): Promise<string>;
  /** Polls GET /v1/jobs/:id until `done` holds, failing after `timeoutMs`. */
  waitForJob(key: string, id: string, done: (job: JobView) => boolean, timeoutMs?: number): Promise<JobView>;
  stop(): Promise<void>;
}

/** Options of {@link startTestStack}. */
export interface TestStackOptions {
  worker: boolean;
  /** Environment variables over the test defaults. */
  env?: Record<string, string>;
  /** The database URL the API and worker connect with, from the test database's own (e.g. through a proxy). Default: that URL. */
  databaseUrlFor?: (url: string) => string;
  /**
   * Receives the API's and worker's log lines (pino JSON, level info and up), for tests that assert
   * on what a process logged. Default: logs are dropped (TEST_LOG_LEVEL shows them on stdout).
   */
  logDestination?: { write(line: string): void };
  /**
   * Redis of this stack's API (and in-process worker), e.g. a private redis-server a chaos test may
   * FLUSHALL. Default: TEST_REDIS_URL, else redis://127.0.0.1:6379 (shared by every test: never flush it).
   */
  redisUrl?: string;
}

/** Starts an isolated stack: a fresh database, a random queue name, a temporary object store. */
export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), "trainyard-test-"));
  const queueName = `test-${randomUUID()}`;
  const redisUrl = options.redisUrl ?? sharedRedisUrl;
  const adminToken = randomBytes(24).toString("hex");
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    QUEUE_NAME: queueName,
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    LOG_LEVEL: "silent",
    // Tests run the reconciler themselves when they mean to.
    RECONCILE_INTERVAL_SECONDS: "0",
    WORKER_ID: `test-worker-${process.pid}`,
    ...options.env,
  });
  const logger =
    options.logDestination === undefined
      ? pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" })
      : pino({ level: "info" }, options.logDestination);
  const services = { databaseUrl: options.databaseUrlFor?.(database.url) ?? database.url, redisUrl, adminToken };
  const api = await startApi(config, services, logger);
  const worker = options.worker ? await startWorker(config, services, logger) : null;
  const request = (): supertest.Agent => supertest.agent(api.app.server);

  return {
    baseUrl: api.url,
    api,
    worker,
    adminToken,
    queueName,
    databaseUrl: database.url,
    redisUrl,
    storageDir: config.storageDir,
    request,
    async createTenantKey(tenant = `t${randomBytes(6).toString("hex")}`) {
      const res = await request().post("/v1/admin/api-keys").set("authorization", `Bearer ${adminToken}`).send({ tenant });
      if (res.status !== 201) throw new Error(`create key: ${res.status} ${res.text}`);
      return (res.body as { key: string }).key;
    },
    async waitForJob(key, id, done, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let last: JobView | undefined;
      while (Date.now() < deadline) {
        const res = await request().get(`/v1/jobs/${id}`).set("authorization", `Bearer ${key}`);
        if (res.status !== 200) throw new Error(`poll job: ${res.status} ${res.text}`);
        last = res.body as JobView;
        if (done(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`job ${id} did not reach the expected state in ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    },
    async stop() {
      await worker?.close();
      await api.close();
      const queue = new Queue(queueName, { connection: { url: redisUrl }, prefix: "trainyard" });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
