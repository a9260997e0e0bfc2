import assert from "node:assert/strict";
import { createServer } from "node:net";
import { describe, test } from "node:test";
import { createTestDatabase } from "../../../tests/support/test-database.js";
import { createDatabase } from "../src/index.js";

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address !== null && typeof address === "object");
  return address.port;
}

describe("createDatabase", () => {
  test("ping answers true for a reachable database", async () => {
    const testDb = await createTestDatabase();
    const db = createDatabase(testDb.url, { poolSize: 2 });
    try {
      assert.equal(await db.ping(), true);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });

  test("ping answers false instead of throwing when nothing listens", async () => {
    const db = createDatabase(`postgresql://root@127.0.0.1:${await closedPort()}/nothing`, { connectTimeoutMs: 2_000 });
    try {
      assert.equal(await db.ping(), false);
    } finally {
      await db.close();
    }
  });

  test("does not connect before the first query", async () => {
    // Creating and closing a database handle against an unreachable server must neither fail nor hang.
    const db = createDatabase(`postgresql://root@127.0.0.1:${await closedPort()}/nothing`);
    await db.close();
  });
});
