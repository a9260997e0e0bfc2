import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Queue } from "bullmq";
import pg from "pg";
import { pino } from "pino";
import type { DatasetView, JobView } from "@trainyard/contracts";
import { createDatabase } from "@trainyard/db";
import { BullJobQueue, toBullPriority } from "@trainyard/queue";
import { reconcileJobs } from "../../apps/api/src/services/reconcile-jobs.js";
import { makeIdxDataset } from "../fixtures/idx.js";
import { uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

/** A tenant with a small dataset, and helpers to submit and show its jobs. */
async function makeTenant(stack: TestStack) {
  const key = await stack.createTenantKey();
  const dataset: DatasetView = await uploadIdx(stack, key, makeIdxDataset({ count: 20, seed: 8 }));
  const auth = `Bearer ${key}`;
  return {
    async submit(priority?: number): Promise<string> {
      const body = { model: { type: "cnn" }, dataset: { id: dataset.id }, ...(priority === undefined ? {} : { priority }) };
      const res = await stack.request().post("/v1/jobs").set("authorization", auth).send(body);
      assert.equal(res.status, 201, res.text);
      return (res.body as JobView).id;
    },
    async show(id: string): Promise<JobView> {
      const res = await stack.request().get(`/v1/jobs/${id}`).set("authorization", auth);
      assert.equal(res.status, 200, res.text);
      return res.body as JobView;
    },
    request: (method: "get" | "post", path: string) => stack.request()[method](path).set("authorization", auth),
  };
}

/** Runs SQL on the stack's database (history the API cannot write itself). */
async function sql(stack: TestStack, text: string, values: unknown[]): Promise<void> {
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

describe("job priority and queue position, no worker", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack({ worker: false });
  });
  after(async () => {
    await stack.stop();
  });

  test("queued jobs stand by priority, then submit order, across tenants; a finished one has no queue position", async () => {
    const alice = await makeTenant(stack);
    const bob = await makeTenant(stack);
    const p2 = await alice.submit(2);
    const p9Bob = await bob.submit(9);
    const p5 = await alice.submit(5);
    const p9 = await alice.submit(9);

    const positions = async () => Promise.all([p9Bob, p9, p5, p2].map(async (id) => (id === p9Bob ? bob : alice).show(id)));
    const before = await positions();
    assert.deepEqual(
      before.map((job) => job.queue),
      [1, 2, 3, 4].map((position) => ({ position, ahead: position - 1, estimatedStartAt: null })),
      "no job has succeeded yet and no worker is alive: no estimate",
    );
    assert.deepEqual(before.map((job) => job.spec.priority), [9, 9, 5, 2]);
    // Another tenant's job counts in the position but stays hidden.
    assert.equal((await alice.request("get", `/v1/jobs/${p9Bob}`)).status, 404);

    const cancel = await alice.request("post", `/v1/jobs/${p5}/cancel`);
    assert.equal(cancel.status, 200, cancel.text);
    assert.equal((await alice.show(p5)).queue, null, "a finished job has no queue position");
    assert.equal((await alice.show(p2)).queue?.position, 3, "the cancelled job no longer counts");
  });

  test("priority defaults to 5 and must be an integer from 0 to 10", async () => {
    const alice = await makeTenant(stack);
    const id = await alice.submit();
    assert.equal((await alice.show(id)).spec.priority, 5);
    for (const priority of [11, -1, 2.5]) {
      const res = await alice.request("post", "/v1/jobs").send({ model: { type: "cnn" }, dataset: { id: (await alice.show(id)).datasetId }, priority });
      assert.equal(res.status, 400, `priority ${priority}: ${res.text}`);
    }
    assert.equal((await alice.request("get", "/v1/jobs")).body.items[0].queue, undefined, "only GET /v1/jobs/:id reads the queue");
  });

  test("a job the reconciler queues again after Redis lost it keeps its priority", async () => {
    const alice = await makeTenant(stack);
    const urgent = await alice.submit(10);
    const bull = new Queue(stack.queueName, { connection: { url: stack.redisUrl }, prefix: "trainyard" });
    const db = createDatabase(stack.databaseUrl);
    const queue = new BullJobQueue({ connection: stack.redisUrl, queueName: stack.queueName, logger: pino({ level: "silent" }) });
    try {
      await bull.obliterate({ force: true });
      assert.equal((await alice.show(urgent)).queue, null, "no entry, no position");
      await sql(stack, "UPDATE jobs SET updated_at = now() - interval '5 minutes' WHERE status = 'QUEUED'", []);

      await reconcileJobs({ jobs: db.jobs, queue, logger: pino({ level: "silent" }) });

      assert.equal((await bull.getJob(urgent))?.priority, toBullPriority(10));
      assert.equal((await alice.show(urgent)).queue?.position, 1, "priority 10 goes ahead of every other job re-queued");
    } finally {
      await queue.close();
      await db.close();
      await bull.close();
    }
  });
});

describe("estimated start time", () => {
  let stack: TestStack;
  before(async () => {
    stack = await startTestStack({ worker: false });
  });
  after(async () => {
    await stack.stop();
  });

  test("is now + ahead x the mean run time of the last succeeded jobs / the alive workers' slots", async () => {
    const alice = await makeTenant(stack);
    const done = [await alice.submit(), await alice.submit()];
    // Two jobs that ran 60 s and 120 s (mean 90 s), and one alive worker with 2 slots.
    await sql(
      stack,
      `UPDATE jobs SET status = 'SUCCEEDED', started_at = now() - interval '1 hour',
         finished_at = now() - interval '1 hour' + (CASE WHEN id = $1 THEN interval '60 seconds' ELSE interval '120 seconds' END)
       WHERE id = ANY($2::uuid[])`,
      [done[0], done],
    );
    const db = createDatabase(stack.databaseUrl);
    try {
      await db.workers.register({ id: "estimate-worker", host: "test", pid: 1, backend: "cpu", gpu: false, concurrency: 2 });
    } finally {
      await db.close();
    }
    const first = await alice.submit(7);
    const second = await alice.submit(7);
    const third = await alice.submit(7);

    const before = Date.now();
    const jobs = [await alice.show(first), await alice.show(second), await alice.show(third)];
    const after = Date.now();
    for (const [index, job] of jobs.entries()) {
      assert.equal(job.queue?.ahead, index);
      const expectedMs = (index * 90_000) / 2;
      const at = Date.parse(job.queue?.estimatedStartAt ?? "");
      assert.ok(at >= before + expectedMs - 5 && at <= after + expectedMs + 5, `job ${index}: ${job.queue?.estimatedStartAt}`);
    }
  });
});
