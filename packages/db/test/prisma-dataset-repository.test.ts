import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/test-database.js";
import { createDatabase, StoredRowError, type Database } from "../src/index.js";
import { createDataset, createTenant } from "./fixtures.js";

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

describe("PrismaDatasetRepository", () => {
  test("stores a dataset under the caller's id and reads it back field for field", async () => {
    const tenant = await createTenant(db);
    const id = randomUUID();
    const created = await createDataset(db, tenant.id, { id, format: "idx", dtype: "float32", featureShape: [28, 28], sizeBytes: 5_000_000_000_123 });
    assert.equal(created.id, id);
    assert.equal(created.sizeBytes, 5_000_000_000_123);
    assert.deepEqual(created.featureShape, [28, 28]);
    assert.ok(created.createdAt instanceof Date);
    assert.deepEqual(await db.datasets.findById(tenant.id, id), created);
  });

  test("findById returns null for another tenant's dataset and for an unknown id", async () => {
    const owner = await createTenant(db);
    const other = await createTenant(db);
    const dataset = await createDataset(db, owner.id);
    assert.equal(await db.datasets.findById(other.id, dataset.id), null);
    assert.equal(await db.datasets.findById(owner.id, randomUUID()), null);
  });

  test("lists only the tenant's datasets, newest first", async () => {
    const tenant = await createTenant(db);
    const first = await createDataset(db, tenant.id, { name: "first" });
    const second = await createDataset(db, tenant.id, { name: "second" });
    await db.prisma.dataset.update({ where: { id: first.id }, data: { createdAt: new Date("2020-01-01T00:00:00Z") } });
    await createDataset(db, (await createTenant(db)).id);
    assert.deepEqual((await db.datasets.list(tenant.id)).map((dataset) => dataset.name), ["second", "first"]);
    assert.equal(second.tenantId, tenant.id);
  });

  test("refuses to read a row whose format is not a known dataset format", async () => {
    const tenant = await createTenant(db);
    const dataset = await createDataset(db, tenant.id);
    await db.prisma.dataset.update({ where: { id: dataset.id }, data: { format: "parquet" } });
    await assert.rejects(db.datasets.findById(tenant.id, dataset.id), (error: unknown) => {
      assert.ok(error instanceof StoredRowError);
      assert.match(error.message, /datasets\.format of dataset/);
      return true;
    });
  });
});
