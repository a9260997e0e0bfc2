import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { InvalidInputError } from "@trainyard/domain";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/test-database.js";
import { createDatabase, type Database } from "../src/index.js";
import { createDataset, createQueuedJob, createTenant, listEvents, makeJobSpec } from "./fixtures.js";

let testDb: TestDatabase;
let db: Database;

before(async () => {
  testDb = await createTestDatabase();
  db = createDatabase(testDb.url);
});

after(async () => {
  await db.close();
  await testDb.drop();
});

/** A job already RUNNING on worker w1 (attempt 1). */
async function createRunningJob() {
  const created = await createQueuedJob(db);
  const running = await db.jobs.markRunning(created.job.id, { workerId: "w1", backend: "cpu" });
  assert.ok(running);
  return { ...created, job: running };
}

describe("PrismaJobRepository.create and find", () => {
  test("creates a QUEUED job with its spec and a first QUEUED event", async () => {
    const { tenant, dataset, job } = await createQueuedJob(db);
    assert.equal(job.status, "QUEUED");
    assert.equal(job.tenantId, tenant.id);
    assert.equal(job.datasetId, dataset.id);
    assert.deepEqual(job.spec, makeJobSpec(dataset.id));
    assert.equal(job.attempts, 0);
    assert.equal(job.progress, null);
    assert.equal(job.latestMetrics, null);
    assert.equal(job.startedAt, null);
    const events = await listEvents(db, job.id);
    assert.deepEqual(events.map((event) => [event.status, event.attempt]), [["QUEUED", 0]]);
  });

  test("findById returns the tenant's job and null for another tenant or an unknown id", async () => {
    const { tenant, job } = await createQueuedJob(db);
    const other = await createTenant(db);
    assert.deepEqual(await db.jobs.findById(tenant.id, job.id), job);
    assert.equal(await db.jobs.findById(other.id, job.id), null);
    assert.equal(await db.jobs.findById(tenant.id, randomUUID()), null);
  });

  test("findByIdForWorker returns any tenant's job and null for an unknown id", async () => {
    const { job } = await createQueuedJob(db);
    assert.deepEqual(await db.jobs.findByIdForWorker(job.id), job);
    assert.equal(await db.jobs.findByIdForWorker(randomUUID()), null);
  });
});

describe("PrismaJobRepository.list", () => {
  test("pages through the tenant's jobs newest first without repeating or skipping, ties broken by id", async () => {
    const tenant = await createTenant(db);
    const dataset = await createDataset(db, tenant.id);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const job = await db.jobs.create({ id: randomUUID(), tenantId: tenant.id, datasetId: dataset.id, datasetSha256: dataset.sha256, spec: makeJobSpec(dataset.id) });
      ids.push(job.id);
    }
    // Three jobs share one createdAt, so the id must order them.
    const tie = new Date("2030-01-01T00:00:00.000Z");
    await db.prisma.job.updateMany({ where: { id: { in: ids.slice(2, 5) } }, data: { createdAt: tie } });
    await createQueuedJob(db); // another tenant's job, never listed

    const rows = await db.prisma.job.findMany({ where: { tenantId: tenant.id } });
    const expected = rows
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((row) => row.id);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await db.jobs.list(tenant.id, { limit: 3, cursor });
      seen.push(...page.items.map((job) => job.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined);
    assert.deepEqual(seen, expected);
    assert.equal(pages, 3);
  });

  test("pages through jobs whose ids are not RFC 4122 UUIDs", async () => {
    const tenant = await createTenant(db);
    const dataset = await createDataset(db, tenant.id);
    const ids = ["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"].map((id) =>
      id.replace("00000000-0000", randomUUID().slice(0, 13)),
    );
    for (const id of ids) await db.jobs.create({ id, tenantId: tenant.id, datasetId: dataset.id, datasetSha256: dataset.sha256, spec: makeJobSpec(dataset.id) });
    const first = await db.jobs.list(tenant.id, { limit: 1 });
    assert.ok(first.nextCursor !== null);
    const second = await db.jobs.list(tenant.id, { limit: 1, cursor: first.nextCursor });
    assert.deepEqual([...first.items, ...second.items].map((job) => job.id).sort(), [...ids].sort());
  });

  test("returns a null nextCursor when the page holds the last job", async () => {
    const { tenant, job } = await createQueuedJob(db);
    const page = await db.jobs.list(tenant.id, { limit: 1 });
    assert.deepEqual(page.items.map((item) => item.id), [job.id]);
    assert.equal(page.nextCursor, null);
  });

  test("filters by status", async () => {
    const tenant = await createTenant(db);
    const queued = await createQueuedJob(db, tenant);
    const running = await createQueuedJob(db, tenant);
    await db.jobs.markRunning(running.job.id, { workerId: "w1", backend: "cpu" });
    const page = await db.jobs.list(tenant.id, { limit: 10, status: "RUNNING" });
    assert.deepEqual(page.items.map((job) => job.id), [running.job.id]);
    const queuedPage = await db.jobs.list(tenant.id, { limit: 10, status: "QUEUED" });
    assert.deepEqual(queuedPage.items.map((job) => job.id), [queued.job.id]);
  });

  test("rejects a malformed cursor with an InvalidInputError naming query.cursor", async () => {
    const tenant = await createTenant(db);
    const malformed = [
      "not-a-cursor",
      Buffer.from("{}").toString("base64url"),
      Buffer.from(JSON.stringify({ c: "yesterday", i: randomUUID() })).toString("base64url"),
      Buffer.from(JSON.stringify({ c: new Date().toISOString(), i: "1" })).toString("base64url"),
    ];
    for (const cursor of malformed) {
      await assert.rejects(db.jobs.list(tenant.id, { limit: 10, cursor }), (error: unknown) => {
        assert.ok(error instanceof InvalidInputError);
        assert.deepEqual(error.details.map((detail) => detail.path), ["query.cursor"]);
        return true;
      });
    }
  });

  test("rejects a limit outside 1..1000 with an InvalidInputError naming query.limit", async () => {
    const tenant = await createTenant(db);
    await assert.rejects(db.jobs.list(tenant.id, { limit: 0 }), /query\.limit/);
    await assert.rejects(db.jobs.list(tenant.id, { limit: 1.5 }), /query\.limit/);
  });
});

describe("PrismaJobRepository.markRunning", () => {
  test("moves a QUEUED job to RUNNING, counts the attempt and records it on the event", async () => {
    const { job } = await createQueuedJob(db);
    const longAgo = new Date("2020-01-01T00:00:00.000Z");
    await db.prisma.job.updateMany({ where: { id: job.id }, data: { updatedAt: longAgo } });
    const running = await db.jobs.markRunning(job.id, { workerId: "w1", backend: "wasm" });
    assert.ok(running);
    assert.equal(running.status, "RUNNING");
    assert.equal(running.attempts, 1);
    assert.equal(running.workerId, "w1");
    assert.equal(running.backend, "wasm");
    assert.ok(running.startedAt instanceof Date);
    assert.ok(running.updatedAt.getTime() > longAgo.getTime(), "updatedAt moves with every change");
    const events = await listEvents(db, job.id);
    assert.deepEqual(events.map((event) => [event.status, event.attempt, event.workerId]), [
      ["QUEUED", 0, null],
      ["RUNNING", 1, "w1"],
    ]);
  });

  test("takes a redelivered RUNNING job again as a new attempt, keeping its first startedAt", async () => {
    const { job } = await createRunningJob();
    const again = await db.jobs.markRunning(job.id, { workerId: "w2", backend: "cpu" });
    assert.ok(again);
    assert.equal(again.attempts, 2);
    assert.equal(again.workerId, "w2");
    assert.deepEqual(again.startedAt, job.startedAt);
    const events = await listEvents(db, job.id);
    assert.deepEqual(events.at(-1)?.attempt, 2);
  });

  test("returns null and writes no event for a finished job", async () => {
    const { job } = await createRunningJob();
    await db.jobs.finish(job.id, "SUCCEEDED");
    const before = await listEvents(db, job.id);
    assert.equal(await db.jobs.markRunning(job.id, { workerId: "w2", backend: "cpu" }), null);
    assert.equal((await listEvents(db, job.id)).length, before.length);
    assert.equal((await db.jobs.findByIdForWorker(job.id))?.status, "SUCCEEDED");
  });

  test("returns null for an unknown job", async () => {
    assert.equal(await db.jobs.markRunning(randomUUID(), { workerId: "w1", backend: "cpu" }), null);
  });
});

describe("PrismaJobRepository.requestCancel", () => {
  test("cancels a QUEUED job at once, setting cancelRequestedAt and finishedAt", async () => {
    const { tenant, job } = await createQueuedJob(db);
    const cancelled = await db.jobs.requestCancel(tenant.id, job.id);
    assert.ok(cancelled);
    assert.equal(cancelled.status, "CANCELLED");
    assert.ok(cancelled.cancelRequestedAt instanceof Date);
    assert.ok(cancelled.finishedAt instanceof Date);
    assert.deepEqual((await listEvents(db, job.id)).map((event) => event.status), ["QUEUED", "CANCELLED"]);
  });

  test("moves a RUNNING job to CANCELLING and leaves a CANCELLING job as it is", async () => {
    const { tenant, job } = await createRunningJob();
    const cancelling = await db.jobs.requestCancel(tenant.id, job.id);
    assert.equal(cancelling?.status, "CANCELLING");
    assert.ok(cancelling?.cancelRequestedAt instanceof Date);
    assert.equal(cancelling?.finishedAt, null);
    const again = await db.jobs.requestCancel(tenant.id, job.id);
    assert.deepEqual(again, cancelling);
    assert.deepEqual((await listEvents(db, job.id)).map((event) => event.status), ["QUEUED", "RUNNING", "CANCELLING"]);
  });

  test("returns null for a finished job and changes nothing", async () => {
    const { tenant, job } = await createRunningJob();
    const finished = await db.jobs.finish(job.id, "FAILED", "out of memory");
    assert.equal(await db.jobs.requestCancel(tenant.id, job.id), null);
    assert.deepEqual(await db.jobs.findById(tenant.id, job.id), finished);
  });

  test("returns null for another tenant's job and leaves it running", async () => {
    const { job } = await createRunningJob();
    const other = await createTenant(db);
    assert.equal(await db.jobs.requestCancel(other.id, job.id), null);
    assert.equal((await db.jobs.findByIdForWorker(job.id))?.status, "RUNNING");
  });
});

describe("PrismaJobRepository.finish and fail", () => {
  test("finishes a RUNNING job with a final status, reason and finishedAt, keeping its progress", async () => {
    const { job } = await createRunningJob();
    await db.jobs.updateProgress(job.id, { epoch: 1, epochs: 2, batch: 3, batches: 4 });
    const done = await db.jobs.finish(job.id, "SUCCEEDED", "trained");
    assert.ok(done);
    assert.equal(done.status, "SUCCEEDED");
    assert.equal(done.statusReason, "trained");
    assert.ok(done.finishedAt instanceof Date);
    assert.deepEqual(done.progress, { epoch: 1, epochs: 2, batch: 3, batches: 4 });
    assert.equal(done.workerId, "w1");
  });

  test("finishes a CANCELLING job as CANCELLED", async () => {
    const { tenant, job } = await createRunningJob();
    await db.jobs.requestCancel(tenant.id, job.id);
    const cancelled = await db.jobs.finish(job.id, "CANCELLED", "stopped at batch 3");
    assert.equal(cancelled?.status, "CANCELLED");
    assert.deepEqual((await listEvents(db, job.id)).map((event) => event.status), ["QUEUED", "RUNNING", "CANCELLING", "CANCELLED"]);
  });

  test("refuses transitions the table forbids, returning null and writing no event", async () => {
    const queued = await createQueuedJob(db);
    assert.equal(await db.jobs.finish(queued.job.id, "SUCCEEDED"), null);
    assert.equal(await db.jobs.finish(queued.job.id, "CANCELLED"), null);
    const running = await createRunningJob();
    assert.equal(await db.jobs.finish(running.job.id, "CANCELLED"), null);
    assert.equal((await listEvents(db, queued.job.id)).length, 1);
    assert.equal((await listEvents(db, running.job.id)).length, 2);
    assert.equal((await db.jobs.findByIdForWorker(queued.job.id))?.status, "QUEUED");
    assert.equal((await db.jobs.findByIdForWorker(running.job.id))?.status, "RUNNING");
  });

  test("lets exactly one of two concurrent final updates win", async () => {
    const { job } = await createRunningJob();
    const results = await Promise.all([db.jobs.finish(job.id, "SUCCEEDED"), db.jobs.finish(job.id, "FAILED", "crashed")]);
    assert.equal(results.filter((result) => result !== null).length, 1);
    const events = await listEvents(db, job.id);
    assert.equal(events.filter((event) => event.status === "SUCCEEDED" || event.status === "FAILED").length, 1);
  });

  test("fails a QUEUED or RUNNING job with its reason", async () => {
    const queued = await createQueuedJob(db);
    const failedQueued = await db.jobs.fail(queued.job.id, "could not be queued");
    assert.equal(failedQueued?.status, "FAILED");
    assert.equal(failedQueued?.statusReason, "could not be queued");
    assert.ok(failedQueued?.finishedAt instanceof Date);
    const running = await createRunningJob();
    assert.equal((await db.jobs.fail(running.job.id, "bad payload"))?.status, "FAILED");
  });

  test("fails a CANCELLING job (its queue entry gave up) but not a finished one", async () => {
    const finished = await createRunningJob();
    await db.jobs.finish(finished.job.id, "SUCCEEDED");
    assert.equal(await db.jobs.fail(finished.job.id, "late"), null);
    const cancelling = await createRunningJob();
    await db.jobs.requestCancel(cancelling.tenant.id, cancelling.job.id);
    assert.equal((await db.jobs.fail(cancelling.job.id, "gave up"))?.status, "FAILED");
  });

  test("requeues a RUNNING job with its reason, and nothing else", async () => {
    const running = await createRunningJob();
    const requeued = await db.jobs.requeue(running.job.id, "attempt 1 failed; retrying");
    assert.equal(requeued?.status, "QUEUED");
    assert.equal(requeued?.statusReason, "attempt 1 failed; retrying");
    assert.equal((await listEvents(db, running.job.id)).at(-1)?.status, "QUEUED");
    const queued = await createQueuedJob(db);
    assert.equal(await db.jobs.requeue(queued.job.id, "no"), null);
  });

  test("each status change sets the secondary status the status starts with, and records it on the event", async () => {
    const { tenant, job } = await createQueuedJob(db);
    assert.equal(job.secondaryStatus, "PENDING");
    assert.equal((await db.jobs.markRunning(job.id, { workerId: "w1", backend: "cpu" }))?.secondaryStatus, "STARTING");
    assert.equal((await db.jobs.requeue(job.id, "lost"))?.secondaryStatus, "INTERRUPTED");
    await db.jobs.markRunning(job.id, { workerId: "w2", backend: "cpu" });
    assert.equal((await db.jobs.requestCancel(tenant.id, job.id))?.secondaryStatus, "STOPPING");
    assert.equal((await db.jobs.finish(job.id, "CANCELLED", "cancelled by request"))?.secondaryStatus, "STOPPED");
    const events = await db.jobs.listEvents(job.id);
    assert.deepEqual(
      events.map((e) => [e.status, e.secondaryStatus, e.workerId, e.attempt]),
      [
        ["QUEUED", "PENDING", null, 0],
        ["RUNNING", "STARTING", "w1", 1],
        ["QUEUED", "INTERRUPTED", "w1", 1],
        ["RUNNING", "STARTING", "w2", 2],
        ["CANCELLING", "STOPPING", "w2", 2],
        ["CANCELLED", "STOPPED", "w2", 2],
      ],
    );
    assert.equal(events[2]?.reason, "lost");
  });

  test("sets a secondary status the job's status allows, once, with an event; refuses one it does not allow", async () => {
    const { job } = await createRunningJob();
    assert.equal(await db.jobs.setSecondaryStatus(job.id, "LOADING_DATA"), true);
    assert.equal(await db.jobs.setSecondaryStatus(job.id, "LOADING_DATA"), false);
    assert.equal(await db.jobs.setSecondaryStatus(job.id, "TRAINING", "epoch 1"), true);
    assert.equal(await db.jobs.setSecondaryStatus(job.id, "COMPLETED"), false);
    assert.equal(await db.jobs.setSecondaryStatus(job.id, "PENDING"), false);
    assert.equal((await db.jobs.findByIdForWorker(job.id))?.secondaryStatus, "TRAINING");
    await db.jobs.finish(job.id, "SUCCEEDED");
    assert.equal(await db.jobs.setSecondaryStatus(job.id, "UPLOADING"), false);
    const events = await db.jobs.listEvents(job.id);
    assert.deepEqual(events.map((e) => e.secondaryStatus), ["PENDING", "STARTING", "LOADING_DATA", "TRAINING", "COMPLETED"]);
    assert.equal(events[3]?.reason, "epoch 1");
    assert.equal(events[3]?.status, "RUNNING");
  });

  test("lists unfinished jobs of every tenant changed before a time, oldest first", async () => {
    const a = await createQueuedJob(db);
    const b = await createRunningJob();
    const done = await createRunningJob();
    await db.jobs.finish(done.job.id, "SUCCEEDED");
    const ids = (await db.jobs.listUnfinished({ updatedBefore: new Date(Date.now() + 60_000), limit: 1000 })).map((job) => job.id);
    assert.ok(ids.includes(a.job.id) && ids.includes(b.job.id));
    assert.ok(!ids.includes(done.job.id));
    assert.deepEqual(await db.jobs.listUnfinished({ updatedBefore: new Date(0), limit: 10 }), []);
  });

  test("refuses metrics that are not finite, writing nothing", async () => {
    const { job } = await createRunningJob();
    await assert.rejects(db.jobs.recordEpoch(job.id, 1, { loss: Number.NaN }), /not finite: loss/);
    assert.deepEqual(await db.jobs.listMetrics(job.id), []);
  });
});

describe("PrismaJobRepository progress and metrics", () => {
  test("overwrites the progress of a RUNNING job and ignores a job that is not running", async () => {
    const { job } = await createRunningJob();
    await db.jobs.updateProgress(job.id, { epoch: 0, epochs: 2, batch: 1, batches: 10 });
    await db.jobs.updateProgress(job.id, { epoch: 0, epochs: 2, batch: 2, batches: 10 });
    assert.deepEqual((await db.jobs.findByIdForWorker(job.id))?.progress, { epoch: 0, epochs: 2, batch: 2, batches: 10 });
    const queued = await createQueuedJob(db);
    await db.jobs.updateProgress(queued.job.id, { epoch: 0, epochs: 2, batch: 1, batches: 10 });
    assert.equal((await db.jobs.findByIdForWorker(queued.job.id))?.progress, null);
    assert.equal((await listEvents(db, job.id)).length, 2);
  });

  test("records one metric row per epoch, replacing a re-recorded epoch, and sets latestMetrics", async () => {
    const { job } = await createRunningJob();
    await db.jobs.recordEpoch(job.id, 1, { loss: 0.5, accuracy: 0.8 });
    await db.jobs.recordEpoch(job.id, 0, { loss: 0.9, accuracy: 0.6 });
    await db.jobs.recordEpoch(job.id, 1, { loss: 0.4, accuracy: 0.85 });
    const metrics = await db.jobs.listMetrics(job.id);
    assert.deepEqual(metrics.map((metric) => [metric.epoch, metric.values]), [
      [0, { loss: 0.9, accuracy: 0.6 }],
      [1, { loss: 0.4, accuracy: 0.85 }],
    ]);
    assert.ok(metrics.every((metric) => metric.createdAt instanceof Date));
    assert.deepEqual((await db.jobs.findByIdForWorker(job.id))?.latestMetrics, { loss: 0.4, accuracy: 0.85 });
  });

  test("lists no metrics for a job without any", async () => {
    const { job } = await createQueuedJob(db);
    assert.deepEqual(await db.jobs.listMetrics(job.id), []);
  });
});
