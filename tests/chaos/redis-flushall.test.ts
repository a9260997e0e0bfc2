import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { pino } from "pino";
import type { DatasetView } from "@trainyard/contracts";
import { findFreePort } from "../../packages/queue/src/find-free-port.js";
import { spawnRedisServer, type SpawnedRedisServer } from "../../packages/queue/src/spawn-redis-server.js";
import { makeIdxDataset } from "../fixtures/idx.js";
import { uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";
import { startWorkerProcess, type WorkerProcess } from "../support/worker-process.js";
import { assertAttemptsSequential, countLogLines, createChaosClient, describeEvents, epochsUpTo, waitFor, type ChaosClient } from "./chaos-client.js";

/**
 * Chaos: Redis loses everything (FLUSHALL) while two worker processes train and more jobs wait. The
 * Redis is a private redis-server started for this test: the machine's shared one is never flushed.
 * Postgres is the system of record; the API's reconciler puts the lost queue entries back.
 */
describe("Redis emptied by FLUSHALL while jobs run and wait", () => {
  const jobCount = 5;
  const epochs = 4;
  let redisDir: string;
  let redis: SpawnedRedisServer;
  let stack: TestStack;
  let client: ChaosClient;
  let dataset: DatasetView;
  const apiLog: string[] = [];
  const workers = new Map<string, WorkerProcess>();

  before(async () => {
    redisDir = await mkdtemp(join(tmpdir(), "trainyard-chaos-redis-"));
    redis = await spawnRedisServer({ command: "redis-server", dir: redisDir, port: await findFreePort(), startTimeoutMs: 10_000, logger: pino({ level: "silent" }) });
    stack = await startTestStack({
      worker: false,
      redisUrl: redis.url,
      env: { RECONCILE_INTERVAL_SECONDS: "1" },
      logDestination: { write: (line) => void apiLog.push(line) },
    });
    const key = await stack.createTenantKey();
    client = createChaosClient(stack, key);
    dataset = await uploadIdx(stack, key, makeIdxDataset({ count: 200, height: 10, width: 10, numClasses: 3, seed: 9 }));
  });
  after(async () => {
    await Promise.all([...workers.values()].map((w) => w.stop("SIGKILL")));
    await stack.stop();
    await redis.stop();
    await rm(redisDir, { recursive: true, force: true });
  });

  test("the reconciler re-queues the lost jobs; every job succeeds once, no attempt overlaps another", async (t) => {
    for (const workerId of ["flush-a", "flush-b"]) workers.set(workerId, startWorkerProcess(stack, workerId, { JOB_LOCK_SECONDS: "3" }));
    await Promise.all([...workers.values()].map((w) => w.ready));
    const spec = { model: { type: "cnn" }, dataset: { id: dataset.id, validationSplit: 0.2 }, training: { epochs, batchSize: 8, learningRate: 0.005, seed: 5 } };
    const ids: string[] = [];
    for (let i = 0; i < jobCount; i++) ids.push(await client.submit(spec));

    // Two jobs mid-training (one per worker), the others waiting in the queue.
    await waitFor("two jobs with an epoch done", async () => {
      const progressed = await Promise.all(ids.map(async (id) => (await client.metricEpochs(id)).length > 0));
      return progressed.filter(Boolean).length >= 2 ? true : undefined;
    }, 40_000);
    const before = await client.list();
    const waiting = before.filter((j) => j.status === "QUEUED").map((j) => j.id);
    assert.ok(waiting.length >= 1, `jobs still queued at the flush: ${before.map((j) => j.status).join(",")}`);

    const { stdout } = await promisify(execFile)("redis-cli", ["-u", redis.url, "FLUSHALL"]);
    assert.equal(stdout.trim(), "OK");
    const flushedAt = Date.now();

    const finished = await waitFor("every job finished", async () => {
      const jobs = await client.list();
      return jobs.every((j) => j.finishedAt !== null) ? jobs : undefined;
    }, 75_000, 250).catch((error: unknown) => {
      const logs = [...workers].map(([id, w]) => `--- ${id}\n${w.log().slice(-3000)}`).join("\n");
      throw new Error(`${String(error)}\n${logs}`);
    });
    t.diagnostic(`all ${jobCount} jobs finished ${Date.now() - flushedAt} ms after the flush (${waiting.length} were waiting)`);

    const warnings = [...workers.values()].flatMap((w) => w.log().split("\n").filter((line) => /"level":(40|50|60)/.test(line)));
    const describeLine = (line: string): string => {
      const parsed = JSON.parse(line) as { msg: string; err?: { message?: string } };
      return `${parsed.msg}${parsed.err?.message === undefined ? "" : `: ${parsed.err.message}`}`;
    };
    t.diagnostic(`worker warnings: ${[...new Set(warnings.map(describeLine))].join(" | ")}`);
    assert.equal(finished.length, jobCount, "submitted count equals finished count");
    const allLogs = [...workers.values()].map((w) => w.log()).join("\n");
    for (const job of finished) {
      const events = await client.events(job.id);
      const trace = describeEvents(events);
      assert.equal(job.status, "SUCCEEDED", `${job.id}: ${job.statusReason ?? ""} ${trace}`);
      assert.deepEqual(await client.metricEpochs(job.id), epochsUpTo(epochs), trace);
      assertAttemptsSequential(events);
      assert.equal(countLogLines(allLogs, "job started", job.id), 1, `${job.id} trained once: ${trace}`);
    }
    // The waiting jobs' entries were gone: each came back through the reconciler.
    const reconciled = apiLog.filter((line) => line.includes('"msg":"job reconciled"') && line.includes('"outcome":"requeued"'));
    for (const id of waiting) assert.ok(reconciled.some((line) => line.includes(id)), `${id} re-queued by the reconciler`);
  });
});
