import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import supertest from "supertest";
import type { DatasetView, ErrorResponse, JobView } from "@trainyard/contracts";
import { createDatabase } from "@trainyard/db";
import { BullJobQueue } from "@trainyard/queue";
import { createDatasetSourceReader, FilesystemObjectStore } from "@trainyard/storage";
import { buildApp, type App } from "../../apps/api/src/app.js";
import { createApiKey } from "../../apps/api/src/services/api-keys.js";
import { makeIdxDataset } from "../fixtures/idx.js";
import { createTestDatabase } from "../support/test-database.js";

describe("when Redis does not answer", () => {
  let app: App;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: ReturnType<typeof createDatabase>;
  let queue: BullJobQueue;
  let dir: string;
  let key: string;

  before(async () => {
    database = await createTestDatabase();
    db = createDatabase(database.url);
    dir = await mkdtemp(join(tmpdir(), "trainyard-noredis-"));
    // Port 1 on loopback: nothing listens there, so every Redis command fails.
    queue = new BullJobQueue({ connection: "redis://127.0.0.1:1", queueName: "unreachable", commandTimeoutMs: 500, pingTimeoutMs: 300, logger: pino({ level: "silent" }) });
    app = await buildApp(
      { ...db, store: new FilesystemObjectStore({ root: dir }), sources: createDatasetSourceReader({ maxBytes: 1 << 20 }), queue, pingDatabase: () => db.ping(), adminToken: "a".repeat(32), maxUploadBytes: 1 << 20, jobLimits: { maxParams: 1e6, maxLayers: 50, maxEpochs: 10, maxBatchSize: 64 }, presignExpiresSeconds: 60 },
      { logger: pino({ level: "silent" }) },
    );
    await app.ready();
    key = (await createApiKey(db.auth, "acme")).key;
  });
  after(async () => {
    await app.close();
    await queue.close();
    await db.close();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  test("readyz answers 503 and says which dependency is down", async () => {
    const res = await supertest(app.server).get("/readyz");
    assert.equal(res.status, 503);
    assert.deepEqual(res.body, { status: "unavailable", postgres: true, redis: false });
  });

  test("a submitted job is refused with 503 and Retry-After, and its row says it was not started", async () => {
    const fixture = makeIdxDataset({ count: 20, seed: 9 });
    const upload = await supertest(app.server)
      .post("/v1/datasets")
      .set("authorization", `Bearer ${key}`)
      .field("format", "idx")
      .attach("images", fixture.images, "images.idx")
      .attach("labels", fixture.labels, "labels.idx");
    assert.equal(upload.status, 201, upload.text);
    const res = await supertest(app.server)
      .post("/v1/jobs")
      .set("authorization", `Bearer ${key}`)
      .send({ model: { type: "cnn" }, dataset: { id: (upload.body as DatasetView).id } });
    assert.equal(res.status, 503, res.text);
    assert.equal(res.headers["retry-after"], "5");
    assert.match((res.body as ErrorResponse).message, /queue|redis/i);
    const list = await supertest(app.server).get("/v1/jobs").set("authorization", `Bearer ${key}`);
    const jobs = (list.body as { items: JobView[] }).items;
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0]?.status, "FAILED");
    assert.match(jobs[0]?.statusReason ?? "", /not started/);
  });
});
