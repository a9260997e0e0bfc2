import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { ConflictError } from "@trainyard/domain";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/test-database.js";
import { createDatabase, type Database } from "../src/index.js";

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

const uniqueName = (): string => `t-${randomBytes(6).toString("hex")}`;
const randomHash = (): string => randomBytes(32).toString("hex");

describe("PrismaAuthRepository", () => {
  test("ensureTenant creates a tenant once and returns the same one afterwards", async () => {
    const name = uniqueName();
    const first = await db.auth.ensureTenant(name);
    const again = await db.auth.ensureTenant(name);
    assert.equal(first.name, name);
    assert.deepEqual(again, first);
  });

  test("ensureTenant called concurrently for a new name creates exactly one tenant", async () => {
    const name = uniqueName();
    const tenants = await Promise.all(Array.from({ length: 5 }, () => db.auth.ensureTenant(name)));
    assert.equal(new Set(tenants.map((tenant) => tenant.id)).size, 1);
    assert.equal(await db.prisma.tenant.count({ where: { name } }), 1);
  });

  test("finds the tenant owning a key hash and records the key's last use", async () => {
    const tenant = await db.auth.ensureTenant(uniqueName());
    const keyHash = randomHash();
    await db.auth.createApiKey({ tenantId: tenant.id, keyHash, prefix: "ty_abcd" });
    assert.equal((await db.prisma.apiKey.findUniqueOrThrow({ where: { keyHash } })).lastUsedAt, null);
    assert.deepEqual(await db.auth.findTenantByKeyHash(keyHash), tenant);
    const key = await db.prisma.apiKey.findUniqueOrThrow({ where: { keyHash } });
    assert.ok(key.lastUsedAt instanceof Date);
    assert.equal(key.prefix, "ty_abcd");
  });

  test("returns null for a hash no key has", async () => {
    assert.equal(await db.auth.findTenantByKeyHash(randomHash()), null);
  });

  test("refuses a second key with the same hash with a ConflictError", async () => {
    const tenant = await db.auth.ensureTenant(uniqueName());
    const keyHash = randomHash();
    await db.auth.createApiKey({ tenantId: tenant.id, keyHash, prefix: "ty_1" });
    await assert.rejects(db.auth.createApiKey({ tenantId: tenant.id, keyHash, prefix: "ty_2" }), ConflictError);
  });
});
