import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/test-database.js";
import { createDatabase, type Database } from "../src/index.js";
import { createQueuedJob } from "./fixtures.js";

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

describe("PrismaArtifactRepository", () => {
  test("inserts an artifact, then replaces it when the same job writes the same path again", async () => {
    const { job } = await createQueuedJob(db);
    const first = await db.artifacts.upsert({ jobId: job.id, kind: "model", path: "model/model.json", storageKey: "k1", sizeBytes: 10 });
    const second = await db.artifacts.upsert({ jobId: job.id, kind: "model", path: "model/model.json", storageKey: "k2", sizeBytes: 3_000_000_000 });
    assert.equal(second.id, first.id);
    assert.equal(second.storageKey, "k2");
    assert.equal(second.sizeBytes, 3_000_000_000);
    assert.deepEqual(await db.artifacts.findByPath(job.id, "model/model.json"), second);
    assert.equal((await db.artifacts.listByJob(job.id)).length, 1);
  });

  test("lists a job's artifacts by path and none of another job's", async () => {
    const { job } = await createQueuedJob(db);
    const other = await createQueuedJob(db);
    await db.artifacts.upsert({ jobId: job.id, kind: "model", path: "model/weights.bin", storageKey: "w", sizeBytes: 2 });
    await db.artifacts.upsert({ jobId: job.id, kind: "model", path: "model/model.json", storageKey: "m", sizeBytes: 1 });
    await db.artifacts.upsert({ jobId: other.job.id, kind: "model", path: "model/model.json", storageKey: "o", sizeBytes: 1 });
    assert.deepEqual((await db.artifacts.listByJob(job.id)).map((artifact) => artifact.path), ["model/model.json", "model/weights.bin"]);
  });

  test("findByPath returns null for an unknown path or job", async () => {
    const { job } = await createQueuedJob(db);
    await db.artifacts.upsert({ jobId: job.id, kind: "model", path: "model/model.json", storageKey: "m", sizeBytes: 1 });
    assert.equal(await db.artifacts.findByPath(job.id, "model/other.json"), null);
    assert.equal(await db.artifacts.findByPath(randomUUID(), "model/model.json"), null);
  });
});
