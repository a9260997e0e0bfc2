import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { pino } from "pino";
import type { JobView, WorkerView } from "@trainyard/contracts";
import { createDatabase } from "@trainyard/db";
import { BullJobQueue } from "@trainyard/queue";
import { reconcileJobs } from "../../apps/api/src/services/reconcile-jobs.js";
import { makeIdxDataset } from "../fixtures/idx.js";
import { uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("GET /v1/workers", () => {
  let stack: TestStack;
  let db: ReturnType<typeof createDatabase>;
  let keyA: string;
  let keyB: string;
  const workerId = `test-worker-${process.pid}`;

  before(async () => {
    stack = await startTestStack({ worker: true, env: { HEARTBEAT_SECONDS: "1" } });
    db = createDatabase(stack.databaseUrl);
    keyA = await stack.createTenantKey();
    keyB = await stack.createTenantKey();
  });
  after(async () => {
    await db.close();
    await stack.stop();
  });

  async function listWorkers(key: string): Promise<WorkerView[]> {
    const res = await stack.request().get("/v1/workers").set("authorization", `Bearer ${key}`);
    assert.equal(res.status, 200, res.text);
    return (res.body as { items: WorkerView[] }).items;
  }

  /** Polls the tenant's view of the stack's worker until `done` holds (heartbeats come every second). */
  async function waitForWorker(key: string, done: (worker: WorkerView) => boolean, timeoutMs = 10_000): Promise<WorkerView> {
    const deadline = Date.now() + timeoutMs;
    let last: WorkerView | undefined;
    while (Date.now() < deadline) {
      last = (await listWorkers(key)).find((worker) => worker.id === workerId);
      if (last !== undefined && done(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`worker did not reach the expected state in ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
  }

  test("needs an API key", async () => {
    const res = await stack.request().get("/v1/workers");
    assert.equal(res.status, 401);
  });

  test("shows the running worker alive with its backend and no jobs", async () => {
    const worker = await waitForWorker(keyA, () => true);
    assert.equal(worker.status, "alive");
    assert.equal(worker.backend, stack.worker?.backend);
    assert.equal(worker.gpu, false);
    assert.equal(worker.concurrency, 1);
    assert.equal(worker.busySlots, 0);
    assert.deepEqual(worker.jobs, []);
    assert.equal(worker.stoppedAt, null);
    assert.ok(Date.parse(worker.lastBeatAt) >= Date.parse(worker.startedAt));
    // Beats move lastBeatAt on.
    await waitForWorker(keyA, (w) => Date.parse(w.lastBeatAt) > Date.parse(worker.lastBeatAt));
  });

  test("names a running job to its tenant only; other tenants see a busy slot", async () => {
    const dataset = await uploadIdx(stack, keyA, makeIdxDataset({ count: 600, height: 12, width: 12, numClasses: 4, seed: 5 }));
    const submit = await stack
      .request()
      .post("/v1/jobs")
      .set("authorization", `Bearer ${keyA}`)
      .send({ model: { type: "cnn" }, dataset: { id: dataset.id, validationSplit: 0 }, training: { epochs: 50, batchSize: 2 } });
    assert.equal(submit.status, 201, submit.text);
    const id = (submit.body as JobView).id;
    await stack.waitForJob(keyA, id, (job) => job.status === "RUNNING" && (job.progress?.batch ?? 0) > 0, 60_000);

    const seenByA = await waitForWorker(keyA, (w) => w.jobs.includes(id));
    assert.deepEqual(seenByA.jobs, [id]);
    assert.equal(seenByA.busySlots, 1);
    const seenByB = await waitForWorker(keyB, () => true);
    assert.equal(seenByB.busySlots, 1);
    assert.deepEqual(seenByB.jobs, []);
    assert.ok(!JSON.stringify(await listWorkers(keyB)).includes(id));

    const cancel = await stack.request().post(`/v1/jobs/${id}/cancel`).set("authorization", `Bearer ${keyA}`);
    assert.equal(cancel.status, 200, cancel.text);
    await stack.waitForJob(keyA, id, (job) => job.finishedAt !== null, 30_000);
    const idle = await waitForWorker(keyA, (w) => w.busySlots === 0);
    assert.deepEqual(idle.jobs, []);
  });

  test("shows a worker that stopped beating as lost", async () => {
    const ghost = { id: `ghost-${randomBytes(4).toString("hex")}`, host: "elsewhere", pid: 1, backend: "cpu", gpu: false, concurrency: 1 };
    await db.workers.register(ghost);
    const alive = (await listWorkers(keyA)).find((w) => w.id === ghost.id);
    assert.equal(alive?.status, "alive");
    // Silent for 4 beats of HEARTBEAT_SECONDS=1, measured on the database's clock.
    await db.prisma.$executeRaw`UPDATE "workers" SET "last_beat_at" = now() - interval '4 seconds' WHERE "id" = ${ghost.id}`;
    const lost = (await listWorkers(keyA)).find((w) => w.id === ghost.id);
    assert.equal(lost?.status, "lost");
    // Silent for over an hour: no longer listed.
    await db.prisma.$executeRaw`UPDATE "workers" SET "last_beat_at" = now() - interval '2 hours' WHERE "id" = ${ghost.id}`;
    assert.equal((await listWorkers(keyA)).find((w) => w.id === ghost.id), undefined);
  });

  test("shows the worker stopped after a clean shutdown", async () => {
    await stack.worker?.close();
    const worker = (await listWorkers(keyA)).find((w) => w.id === workerId);
    assert.ok(worker);
    assert.equal(worker.status, "stopped");
    assert.ok(worker.stoppedAt !== null);
    assert.equal(worker.busySlots, 0);
  });

  test("the reconciler logs the lost worker of a running job it re-queues", async () => {
    const ghost = { id: `ghost-${randomBytes(4).toString("hex")}`, host: "elsewhere", pid: 1, backend: "cpu", gpu: false, concurrency: 1 };
    await db.workers.register(ghost);
    // The stack's worker is stopped by now: the job stays queued until it is made to look abandoned.
    const dataset = await uploadIdx(stack, keyA, makeIdxDataset({ count: 20, seed: 6 }));
    const submit = await stack.request().post("/v1/jobs").set("authorization", `Bearer ${keyA}`).send({ model: { type: "cnn" }, dataset: { id: dataset.id } });
    assert.equal(submit.status, 201, submit.text);
    const id = (submit.body as JobView).id;
    assert.ok(await db.jobs.markRunning(id, { workerId: ghost.id, backend: "cpu" }));
    const bull = new Queue(stack.queueName, { connection: { url: stack.redisUrl }, prefix: "trainyard" });
    await bull.remove(id);
    await bull.close();
    await db.prisma.$executeRaw`UPDATE "workers" SET "last_beat_at" = now() - interval '10 seconds' WHERE "id" = ${ghost.id}`;
    await db.prisma.$executeRaw`UPDATE "jobs" SET "updated_at" = now() - interval '5 minutes' WHERE "id" = ${id}::uuid`;

    const lines: { msg: string; jobId?: string; workerId?: string; workerStatus?: string; outcome?: string }[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line) as (typeof lines)[number]) });
    const queue = new BullJobQueue({ connection: stack.redisUrl, queueName: stack.queueName, logger: pino({ level: "silent" }) });
    try {
      await reconcileJobs({ jobs: db.jobs, queue, logger, workers: { workers: db.workers, heartbeatIntervalMs: 1000 } });
    } finally {
      await queue.close();
    }
    const line = lines.find((l) => l.msg === "job reconciled" && l.jobId === id);
    assert.deepEqual(
      { outcome: line?.outcome, workerId: line?.workerId, workerStatus: line?.workerStatus },
      { outcome: "requeued", workerId: ghost.id, workerStatus: "lost" },
    );
  });
});
