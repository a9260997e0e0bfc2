import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { pino } from "pino";
import pg from "pg";
import { Queue } from "bullmq";
import type { DatasetView, JobView } from "@trainyard/contracts";
import { createDatabase } from "@trainyard/db";
import { BullJobQueue } from "@trainyard/queue";
import { reconcileJobs } from "../../apps/api/src/services/reconcile-jobs.js";
import { makeIdxDataset } from "../fixtures/idx.js";
import { uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("the reconciler rebuilds the queue from Postgres", () => {
  let stack: TestStack;
  let key: string;
  let dataset: DatasetView;
  let db: ReturnType<typeof createDatabase>;
  let queue: BullJobQueue;
  let bull: Queue;

  before(async () => {
    stack = await startTestStack({ worker: false });
    key = await stack.createTenantKey();
    dataset = await uploadIdx(stack, key, makeIdxDataset({ count: 20, seed: 4 }));
    db = createDatabase(stack.databaseUrl);
    queue = new BullJobQueue({ connection: stack.redisUrl, queueName: stack.queueName, logger: pino({ level: "silent" }) });
    bull = new Queue(stack.queueName, { connection: { url: stack.redisUrl }, prefix: "trainyard" });
  });
  after(async () => {
    await bull.close();
    await queue.close();
    await db.close();
    await stack.stop();
  });

  async function submitJob(): Promise<string> {
    const res = await stack.request().post("/v1/jobs").set("authorization", `Bearer ${key}`).send({ model: { type: "cnn" }, dataset: { id: dataset.id } });
    assert.equal(res.status, 201, res.text);
    return (res.body as JobView).id;
  }

  /** Empties this test's queue, as a Redis restart or FLUSHALL would. */
  async function loseQueue(): Promise<void> {
    await bull.obliterate({ force: true });
  }

  async function backdate(ids: string[]): Promise<void> {
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    try {
      await client.query("UPDATE jobs SET updated_at = now() - interval '5 minutes' WHERE id = ANY($1::uuid[])", [ids]);
    } finally {
      await client.end();
    }
  }

  test("re-queues queued and running jobs and closes cancelling ones whose entries were lost", async () => {
    const queued = await submitJob();
    const running = await submitJob();
    const cancelling = await submitJob();
    assert.ok(await db.jobs.markRunning(running, { workerId: "gone", backend: "cpu" }));
    assert.ok(await db.jobs.markRunning(cancelling, { workerId: "gone", backend: "cpu" }));
    const tenantId = (await db.jobs.findByIdForWorker(cancelling))?.tenantId ?? "";
    assert.equal((await db.jobs.requestCancel(tenantId, cancelling))?.status, "CANCELLING");
    await loseQueue();
    await backdate([queued, running, cancelling]);

    const result = await reconcileJobs({ jobs: db.jobs, queue, logger: pino({ level: "silent" }) });
    assert.deepEqual({ requeued: result.requeued, cancelled: result.cancelled, failed: result.failed }, { requeued: 2, cancelled: 1, failed: 0 });
    assert.equal((await queue.inspect(queued)).state, "waiting");
    assert.equal((await queue.inspect(running)).state, "waiting");
    assert.equal((await db.jobs.findByIdForWorker(running))?.status, "QUEUED");
    assert.equal((await db.jobs.findByIdForWorker(cancelling))?.status, "CANCELLED");

    const again = await reconcileJobs({ jobs: db.jobs, queue, logger: pino({ level: "silent" }) });
    assert.equal(again.requeued + again.cancelled + again.failed, 0, "a second pass changes nothing");
  });

  test("leaves recent jobs alone: their submit may still be under way", async () => {
    const fresh = await submitJob();
    await loseQueue();
    await reconcileJobs({ jobs: db.jobs, queue, logger: pino({ level: "silent" }) });
    assert.equal((await queue.inspect(fresh)).state, "unknown");
    assert.equal((await db.jobs.findByIdForWorker(fresh))?.status, "QUEUED");
  });
});
