import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { IdempotencyKeyRepository, IdempotentRequest } from "@trainyard/domain";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/test-database.js";
import { createDatabase, type Database } from "../src/index.js";

let testDb: TestDatabase;
let db: Database;
let keys: IdempotencyKeyRepository;

before(async () => {
  testDb = await createTestDatabase();
  db = createDatabase(testDb.url);
  keys = db.idempotencyKeys;
});

after(async () => {
  await db.close();
  await testDb.drop();
});

const hourMs = 3_600_000;
const window = { ttlMs: 24 * hourMs, pendingTimeoutMs: 15 * 60_000 };

function makeRequest(overrides: Partial<IdempotentRequest> = {}): IdempotentRequest {
  return { tenantId: randomUUID(), key: `k-${randomBytes(6).toString("hex")}`, methodPath: "POST /v1/jobs", requestHash: "a".repeat(64), ...overrides };
}

async function claimOrFail(request: IdempotentRequest): Promise<Date> {
  const claim = await keys.claim(request, window);
  assert.ok(claim.claimed, JSON.stringify(claim));
  return claim.claimedAt;
}

/** Moves a key's row back in time, as if it had been claimed `ageMs` ago. */
async function age(request: IdempotentRequest, ageMs: number): Promise<void> {
  await db.prisma.idempotencyKey.update({
    where: { tenantId_key: { tenantId: request.tenantId, key: request.key } },
    data: { createdAt: new Date(Date.now() - ageMs) },
  });
}

describe("PrismaIdempotencyKeyRepository", () => {
  test("the first claim wins; later claims see the running row, then its stored answer", async () => {
    const request = makeRequest();
    const claimedAt = await claimOrFail(request);
    const running = await keys.claim(request, window);
    assert.ok(!running.claimed);
    assert.equal(running.existing.answer, null);
    assert.equal(running.existing.requestHash, request.requestHash);
    assert.equal(running.existing.methodPath, "POST /v1/jobs");

    const resourceId = randomUUID();
    await keys.complete(request, claimedAt, { statusCode: 201, response: { id: resourceId, nested: { a: [1, 2] } }, resourceId });
    const done = await keys.claim({ ...request, requestHash: "b".repeat(64) }, window);
    assert.ok(!done.claimed);
    assert.deepEqual(done.existing.answer, { statusCode: 201, response: { id: resourceId, nested: { a: [1, 2] } }, resourceId });
    assert.equal(done.existing.requestHash, request.requestHash, "the row keeps the first request's hash");
  });

  test("of concurrent claims of one key exactly one wins", async () => {
    const request = makeRequest();
    const claims = await Promise.all(Array.from({ length: 8 }, () => keys.claim(request, window)));
    assert.equal(claims.filter((claim) => claim.claimed).length, 1);
  });

  test("the same key of two tenants is two keys", async () => {
    const request = makeRequest();
    await claimOrFail(request);
    await claimOrFail({ ...request, tenantId: randomUUID() });
  });

  test("release frees a running claim; a completed row is kept", async () => {
    const request = makeRequest();
    const claimedAt = await claimOrFail(request);
    await keys.release(request, claimedAt);
    const again = await claimOrFail(request);
    await keys.complete(request, again, { statusCode: 201, response: {}, resourceId: null });
    await keys.release(request, again);
    assert.ok(!(await keys.claim(request, window)).claimed);
  });

  test("a row older than the time to live counts as absent and is replaced", async () => {
    const request = makeRequest();
    const claimedAt = await claimOrFail(request);
    await keys.complete(request, claimedAt, { statusCode: 201, response: { n: 1 }, resourceId: null });
    await age(request, 24 * hourMs + 60_000);
    const fresh = { ...request, requestHash: "c".repeat(64) };
    await claimOrFail(fresh);
    const row = await db.prisma.idempotencyKey.findUniqueOrThrow({ where: { tenantId_key: { tenantId: request.tenantId, key: request.key } } });
    assert.equal(row.requestHash, fresh.requestHash);
    assert.equal(row.statusCode, null);
  });

  test("a claim running past the pending timeout is freed; its late answer does not overwrite the new claim", async () => {
    const request = makeRequest();
    await claimOrFail(request);
    await age(request, window.pendingTimeoutMs + 60_000);
    const stale = (await db.prisma.idempotencyKey.findUniqueOrThrow({ where: { tenantId_key: { tenantId: request.tenantId, key: request.key } } })).createdAt;
    const second = await claimOrFail(request);
    await keys.complete(request, stale, { statusCode: 201, response: { late: true }, resourceId: null });
    await keys.release(request, stale);
    const current = await keys.claim(request, window);
    assert.ok(!current.claimed);
    assert.equal(current.existing.answer, null, "still the second claim, running");
    assert.equal(current.existing.createdAt.getTime(), second.getTime());
  });

  test("a completed row within the time to live is not freed by the pending timeout", async () => {
    const request = makeRequest();
    const claimedAt = await claimOrFail(request);
    await keys.complete(request, claimedAt, { statusCode: 202, response: { ok: true }, resourceId: null });
    await age(request, 2 * hourMs);
    const claim = await keys.claim(request, window);
    assert.ok(!claim.claimed);
    assert.equal(claim.existing.answer?.statusCode, 202);
  });

  test("a claim deletes expired rows of other keys and tenants", async () => {
    const old = makeRequest();
    await claimOrFail(old);
    await age(old, 25 * hourMs);
    await claimOrFail(makeRequest());
    assert.equal(await db.prisma.idempotencyKey.count({ where: { tenantId: old.tenantId } }), 0);
  });
});
