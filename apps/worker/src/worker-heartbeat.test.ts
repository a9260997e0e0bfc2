import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { pino } from "pino";
import { createDatabase, type Database } from "@trainyard/db";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/test-database.js";
import { startWorkerHeartbeat } from "./worker-heartbeat.js";

const makeWorker = () => ({ id: `w-${randomBytes(6).toString("hex")}`, host: "box", pid: 7, backend: "cpu", gpu: false, concurrency: 1 });

/** A pino logger whose lines are kept for assertions. */
function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { logger, lines };
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("startWorkerHeartbeat", () => {
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

  test("registers, beats with the running jobs, and marks the worker stopped", async () => {
    const worker = makeWorker();
    const running: string[] = [];
    const { logger } = recordingLogger();
    const heartbeat = startWorkerHeartbeat({ registry: db.workers, worker, intervalMs: 50, currentJobIds: () => running, logger });
    const listed = async () => (await db.workers.listRecent(60_000)).workers.find((w) => w.id === worker.id);
    await waitFor(async () => (await listed()) !== undefined);
    // An id whose job row does not exist is still listed (with no tenant).
    const jobId = randomUUID();
    running.push(jobId);
    await waitFor(async () => (await listed())?.currentJobs.some((job) => job.id === jobId) === true);
    await heartbeat.stop();
    const stopped = await listed();
    assert.ok(stopped?.stoppedAt instanceof Date);
    assert.deepEqual(stopped.currentJobs, []);
    // No beat after the stop clears the mark again.
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.ok((await listed())?.stoppedAt instanceof Date);
  });

  test("a database that does not answer is logged and retried, never thrown", async () => {
    // Port 1 on loopback: nothing listens there, so every query fails fast.
    const down = createDatabase("postgresql://root@127.0.0.1:1/none", { connectTimeoutMs: 300 });
    const { logger, lines } = recordingLogger();
    const heartbeat = startWorkerHeartbeat({ registry: down.workers, worker: makeWorker(), intervalMs: 50, currentJobIds: () => [], logger });
    try {
      await waitFor(() => lines.filter((line) => line.msg === "worker heartbeat failed; retrying at the next beat").length >= 3);
      await heartbeat.stop();
      assert.ok(lines.some((line) => line.msg === "could not mark the worker stopped; it will show as lost"));
    } finally {
      await down.close();
    }
  });
});
