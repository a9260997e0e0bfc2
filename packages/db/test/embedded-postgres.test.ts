import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import {
  applyMigrations,
  createDatabase,
  DataDirLockedError,
  startEmbeddedPostgres,
  type Database,
  type EmbeddedPostgres,
} from "../src/index.js";
import { createQueuedJob, listEvents } from "./fixtures.js";

let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "trainyard-embedded-"));
});

after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** One job's whole life, as the API and a worker drive it. */
async function runJobLifecycle(db: Database): Promise<string> {
  const { job } = await createQueuedJob(db);
  assert.ok(await db.jobs.markRunning(job.id, { workerId: "w", backend: "cpu" }));
  await db.jobs.updateProgress(job.id, { epoch: 0, epochs: 2, batch: 1, batches: 2 });
  await db.jobs.recordEpoch(job.id, 0, { loss: 1 });
  await db.jobs.recordEpoch(job.id, 1, { loss: 0.5 });
  assert.ok(await db.jobs.finish(job.id, "SUCCEEDED"));
  return job.id;
}

/** Read-modify-write in an interactive transaction: loses updates unless transactions are isolated from each other. */
async function incrementAttempts(db: Database, jobId: string): Promise<void> {
  await db.prisma.$transaction(async (tx) => {
    const row = await tx.job.findUniqueOrThrow({ where: { id: jobId } });
    await tx.job.update({ where: { id: jobId }, data: { attempts: row.attempts + 1 } });
  });
}

describe("startEmbeddedPostgres", () => {
  let server: EmbeddedPostgres;
  const jobIds: string[] = [];

  test("serves migrations and concurrent repository work from two pools without mixing them up", async () => {
    server = await startEmbeddedPostgres({ dataDir });
    assert.match(server.url, /^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const applied = (await applyMigrations({ connectionString: server.url })).applied;
    assert.ok(applied.length >= 1 && applied[0]?.endsWith("_init"), applied.join(", "));

    const api = createDatabase(server.url, { poolSize: 4 });
    const worker = createDatabase(server.url, { poolSize: 4 });
    const raw = new pg.Pool({ connectionString: server.url, max: 3 });
    try {
      const counter = await createQueuedJob(api);
      const big = "x".repeat(300_000); // arrives in several TCP reads: the case that broke plain pglite-socket
      const work = [
        ...Array.from({ length: 6 }, (_, i) => runJobLifecycle(i % 2 === 0 ? api : worker)),
        ...Array.from({ length: 10 }, (_, i) => incrementAttempts(i % 2 === 0 ? api : worker, counter.job.id)),
        ...Array.from({ length: 12 }, async (_, i) => {
          const result = i % 2 === 0
            ? await raw.query<{ n: number; len: number }>("SELECT $1::int AS n, length($2) AS len", [i, big])
            : await raw.query<{ n: number }>("SELECT $1::int + 0 AS n", [i]);
          assert.equal(result.rows[0]?.n, i);
        }),
      ];
      const results = await Promise.all(work);
      jobIds.push(...results.filter((result): result is string => typeof result === "string"));

      assert.equal(jobIds.length, 6);
      for (const id of jobIds) {
        assert.deepEqual((await listEvents(api, id)).map((event) => event.status), ["QUEUED", "RUNNING", "SUCCEEDED"]);
        assert.equal((await worker.jobs.listMetrics(id)).length, 2);
      }
      assert.equal((await api.jobs.findByIdForWorker(counter.job.id))?.attempts, 10, "no increment was lost");
      jobIds.push(counter.job.id);
    } finally {
      await raw.end();
      await api.close();
      await worker.close();
    }
  });

  test("rolls back the transaction of a client that disconnects in the middle of it and keeps serving others", async () => {
    const tenantName = `gone-${randomUUID()}`;
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query("BEGIN");
    await client.query("INSERT INTO tenants (id, name) VALUES ($1, $2)", [randomUUID(), tenantName]);
    await client.end();

    const db = createDatabase(server.url, { poolSize: 2 });
    try {
      assert.equal(await db.ping(), true);
      assert.equal(await db.prisma.tenant.count({ where: { name: tenantName } }), 0);
    } finally {
      await db.close();
    }
  });

  test("refuses to serve a directory another instance is serving", async () => {
    await assert.rejects(startEmbeddedPostgres({ dataDir }), (error: unknown) => {
      assert.ok(error instanceof DataDirLockedError);
      assert.equal(error.ownerPid, process.pid);
      return true;
    });
    const db = createDatabase(server.url, { poolSize: 1 });
    try {
      assert.equal(await db.ping(), true, "the first instance still serves");
    } finally {
      await db.close();
    }
  });

  test("keeps its data across a stop and a start on the same directory, taking over a crashed owner's lock", async () => {
    await server.stop();
    const exited = spawnSync(process.execPath, ["-e", ""]);
    await writeFile(join(dataDir, "trainyard-embedded.lock"), `${exited.pid}\n`);
    server = await startEmbeddedPostgres({ dataDir });
    try {
      assert.deepEqual((await applyMigrations({ connectionString: server.url })).applied, []);
      const db = createDatabase(server.url, { poolSize: 2 });
      try {
        assert.equal(await db.prisma.job.count({ where: { id: { in: jobIds } } }), jobIds.length);
        assert.equal((await db.jobs.findByIdForWorker(jobIds[0] ?? ""))?.status, "SUCCEEDED");
      } finally {
        await db.close();
      }
    } finally {
      await server.stop();
    }
  });
});
