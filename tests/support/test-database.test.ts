import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import pg from "pg";
import { createTestDatabase } from "./test-database.js";

const serverUrl = process.env.TEST_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/test";

async function databaseExists(url: string): Promise<boolean> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return ((await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

describe("createTestDatabase", () => {
  test("gives each call its own migrated database", async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    const a = new pg.Client({ connectionString: first.url });
    const b = new pg.Client({ connectionString: second.url });
    try {
      assert.notEqual(first.url, second.url);
      await a.connect();
      await b.connect();
      const migrations = await a.query("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL");
      assert.ok((migrations.rowCount ?? 0) >= 1);
      await a.query("INSERT INTO tenants (id, name) VALUES ($1, 'only-in-first')", [randomUUID()]);
      assert.equal((await b.query("SELECT 1 FROM tenants WHERE name = 'only-in-first'")).rowCount, 0);
    } finally {
      await a.end();
      await b.end();
      await first.drop();
      await second.drop();
    }
  });

  test("creates an empty database when asked", async () => {
    const empty = await createTestDatabase({ empty: true });
    const client = new pg.Client({ connectionString: empty.url });
    try {
      await client.connect();
      assert.equal((await client.query("SELECT to_regclass('_prisma_migrations') AS t")).rows[0]?.t, null);
    } finally {
      await client.end();
      await empty.drop();
    }
  });

  test("drop disconnects clients still connected and removes the database", async () => {
    const database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    const terminated = new Promise<Error>((resolve) => client.on("error", resolve));
    await client.connect();
    await database.drop();
    assert.match((await terminated).message, /terminat/);
    assert.equal(await databaseExists(database.url), false);
    await client.end().catch(() => undefined);
  });
});
