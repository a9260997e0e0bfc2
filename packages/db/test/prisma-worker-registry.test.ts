import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { WorkerRegistration, WorkerRegistry } from "@trainyard/domain";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/test-database.js";
import { createDatabase, type Database } from "../src/index.js";
import { createQueuedJob } from "./fixtures.js";

let testDb: TestDatabase;
let db: Database;
let registry: WorkerRegistry;

before(async () => {
  testDb = await createTestDatabase();
  db = createDatabase(testDb.url);
  registry = db.workers;
});

after(async () => {
  await db.close();
  await testDb.drop();
});

const hourMs = 3_600_000;

function makeWorker(overrides: Partial<WorkerRegistration> = {}): WorkerRegistration {
  return { id: `w-${randomBytes(6).toString("hex")}`, host: "gpu-box-1", pid: 4242, backend: "wasm", gpu: false, concurrency: 2, ...overrides };
}

async function findListed(id: string) {
  const list = await registry.listRecent(hourMs);
  return { checkedAt: list.checkedAt, worker: list.workers.find((w) => w.id === id) };
}

describe("PrismaWorkerRegistry", () => {
  test("register writes a running worker with no jobs, stamped by the database's clock", async () => {
    const worker = makeWorker({ backend: "tensorflow", gpu: true });
    await registry.register(worker);
    const { checkedAt, worker: listed } = await findListed(worker.id);
    assert.ok(listed);
    assert.deepEqual(
      { id: listed.id, host: listed.host, pid: listed.pid, backend: listed.backend, gpu: listed.gpu, concurrency: listed.concurrency },
      worker,
    );
    assert.deepEqual(listed.currentJobs, []);
    assert.equal(listed.stoppedAt, null);
    assert.equal(listed.lastBeatAt.getTime(), listed.startedAt.getTime());
    assert.ok(listed.lastBeatAt.getTime() <= checkedAt.getTime());
  });

  test("beat records the running jobs with their owners and moves the last beat on", async () => {
    const worker = makeWorker();
    await registry.register(worker);
    const first = (await findListed(worker.id)).worker;
    const a = await createQueuedJob(db);
    const b = await createQueuedJob(db);
    const missing = randomUUID();
    await registry.beat(worker, [a.job.id, b.job.id, missing]);
    const listed = (await findListed(worker.id)).worker;
    assert.ok(first && listed);
    assert.deepEqual(listed.currentJobs, [
      { id: a.job.id, tenantId: a.tenant.id },
      { id: b.job.id, tenantId: b.tenant.id },
      { id: missing, tenantId: null },
    ]);
    assert.ok(listed.lastBeatAt.getTime() >= first.lastBeatAt.getTime());
    assert.equal(listed.startedAt.getTime(), first.startedAt.getTime());

    await registry.beat(worker, []);
    assert.deepEqual((await findListed(worker.id)).worker?.currentJobs, []);
  });

  test("beat re-creates the row of a worker whose registration never reached the database", async () => {
    const worker = makeWorker();
    await registry.beat(worker, []);
    const listed = (await findListed(worker.id)).worker;
    assert.ok(listed);
    assert.equal(listed.host, worker.host);
    assert.equal(listed.stoppedAt, null);
  });

  test("markStopped sets stoppedAt and clears the jobs; registering again starts it afresh", async () => {
    const worker = makeWorker();
    const { job } = await createQueuedJob(db);
    await registry.register(worker);
    await registry.beat(worker, [job.id]);
    await registry.markStopped(worker.id);
    const stopped = (await findListed(worker.id)).worker;
    assert.ok(stopped?.stoppedAt instanceof Date);
    assert.deepEqual(stopped.currentJobs, []);

    await registry.register({ ...worker, pid: 5151, concurrency: 4 });
    const restarted = (await findListed(worker.id)).worker;
    assert.ok(restarted);
    assert.equal(restarted.stoppedAt, null);
    assert.equal(restarted.pid, 5151);
    assert.equal(restarted.concurrency, 4);
    assert.ok(restarted.startedAt.getTime() >= stopped.startedAt.getTime());
  });

  test("markStopped of an unknown worker does nothing", async () => {
    const id = `w-${randomBytes(6).toString("hex")}`;
    await registry.markStopped(id);
    assert.equal(await db.prisma.worker.count({ where: { id } }), 0);
  });

  test("listRecent leaves out workers not seen within the window, and lists the latest beat first", async () => {
    const old = makeWorker();
    const stoppedLongAgo = makeWorker();
    const older = makeWorker();
    const newer = makeWorker();
    for (const worker of [old, stoppedLongAgo, older, newer]) await registry.register(worker);
    const twoHoursAgo = new Date(Date.now() - 2 * hourMs);
    await db.prisma.worker.update({ where: { id: old.id }, data: { lastBeatAt: twoHoursAgo } });
    await db.prisma.worker.update({ where: { id: stoppedLongAgo.id }, data: { lastBeatAt: twoHoursAgo, stoppedAt: twoHoursAgo } });
    await db.prisma.worker.update({ where: { id: older.id }, data: { lastBeatAt: new Date(Date.now() - 60_000) } });
    const ids = (await registry.listRecent(hourMs)).workers.map((w) => w.id);
    assert.ok(!ids.includes(old.id));
    assert.ok(!ids.includes(stoppedLongAgo.id));
    assert.ok(ids.indexOf(newer.id) >= 0 && ids.indexOf(newer.id) < ids.indexOf(older.id), JSON.stringify(ids));
  });
});
