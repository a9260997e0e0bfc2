import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/test-database.js";
import { applyMigrations, defaultMigrationsDir, MigrationError } from "../src/index.js";

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

let testDb: TestDatabase;
let migrationsDir: string;
/** The migrations the repository ships, in name order; the first is the initial schema. */
const shipped = (await readdir(defaultMigrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const first = shipped[0] ?? "";

beforeEach(async () => {
  testDb = await createTestDatabase({ empty: true });
  migrationsDir = await mkdtemp(join(tmpdir(), "trainyard-migrations-"));
  await cp(defaultMigrationsDir, migrationsDir, { recursive: true });
});

afterEach(async () => {
  await testDb.drop();
  await rm(migrationsDir, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const historyRows = (): Promise<MigrationRow[]> => query<MigrationRow>("SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name");

async function addMigration(name: string, sql: string): Promise<void> {
  await mkdir(join(migrationsDir, name));
  await writeFile(join(migrationsDir, name, "migration.sql"), sql);
}

describe("applyMigrations", () => {
  test("applies every migration to an empty database and records each as Prisma does", async () => {
    const { applied } = await applyMigrations({ connectionString: testDb.url, migrationsDir });
    assert.deepEqual(applied, shipped);
    const bytes = await readFile(join(migrationsDir, first, "migration.sql"));
    const [row, ...rest] = await historyRows();
    assert.equal(rest.length, shipped.length - 1);
    assert.ok(row);
    assert.match(row.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(row.checksum, createHash("sha256").update(bytes).digest("hex"));
    assert.equal(row.migration_name, first);
    assert.equal(row.applied_steps_count, 1);
    assert.equal(row.logs, null);
    assert.equal(row.rolled_back_at, null);
    assert.ok(row.finished_at !== null && row.finished_at.getTime() >= row.started_at.getTime());
    const tables = await query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    assert.deepEqual(tables.map((table) => table.table_name), [
      "_prisma_migrations", "api_keys", "artifacts", "datasets", "epoch_metrics", "idempotency_keys", "job_checkpoints", "job_events", "jobs", "tenants", "workers",
    ]);
  });

  test("creates _prisma_migrations with Prisma's columns", async () => {
    await applyMigrations({ connectionString: testDb.url, migrationsDir });
    const columns = await query<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    assert.deepEqual(columns.map((column) => `${column.column_name} ${column.data_type} ${column.is_nullable}`), [
      "id character varying NO",
      "checksum character varying NO",
      "finished_at timestamp with time zone YES",
      "migration_name character varying NO",
      "logs text YES",
      "rolled_back_at timestamp with time zone YES",
      "started_at timestamp with time zone NO",
      "applied_steps_count integer NO",
    ]);
  });

  test("applies nothing and changes no history row when run again", async () => {
    await applyMigrations({ connectionString: testDb.url, migrationsDir });
    const before = await historyRows();
    assert.deepEqual(await applyMigrations({ connectionString: testDb.url, migrationsDir }), { applied: [] });
    assert.deepEqual(await historyRows(), before);
  });

  test("applies only the migrations added since the last run, in name order", async () => {
    await applyMigrations({ connectionString: testDb.url, migrationsDir });
    await addMigration("20991231000002_second", "CREATE TABLE second_step (id INT);");
    await addMigration("20991231000001_first", "CREATE TABLE first_step (id INT);");
    const { applied } = await applyMigrations({ connectionString: testDb.url, migrationsDir });
    assert.deepEqual(applied, ["20991231000001_first", "20991231000002_second"]);
  });

  test("applies once when two runners start together", async () => {
    const results = await Promise.all([
      applyMigrations({ connectionString: testDb.url, migrationsDir }),
      applyMigrations({ connectionString: testDb.url, migrationsDir }),
    ]);
    assert.deepEqual(results.flatMap((result) => result.applied), shipped);
    assert.equal((await historyRows()).length, shipped.length);
  });

  test("refuses to go on when an applied migration's file was changed", async () => {
    await applyMigrations({ connectionString: testDb.url, migrationsDir });
    const file = join(migrationsDir, first, "migration.sql");
    await writeFile(file, `${await readFile(file, "utf8")}\n-- edited after it was applied\n`);
    await addMigration("20991231000001_next", "CREATE TABLE next_step (id INT);");
    await assert.rejects(applyMigrations({ connectionString: testDb.url, migrationsDir }), (error: unknown) => {
      assert.ok(error instanceof MigrationError);
      assert.equal(error.migrationName, first);
      assert.match(error.message, /was changed after it was applied/);
      return true;
    });
    assert.equal((await historyRows()).length, shipped.length, "the next migration was not applied");
  });

  test("accepts an applied migration whose only change is CRLF line endings, as Prisma does", async () => {
    await applyMigrations({ connectionString: testDb.url, migrationsDir });
    const file = join(migrationsDir, first, "migration.sql");
    await writeFile(file, (await readFile(file, "utf8")).replaceAll("\n", "\r\n"));
    assert.deepEqual(await applyMigrations({ connectionString: testDb.url, migrationsDir }), { applied: [] });
  });

  test("rolls back a failing migration, records it as failed and refuses every later run until it is resolved", async () => {
    await addMigration("20991231000001_broken", "CREATE TABLE half_done (id INT);\nSELECT * FROM no_such_table;");
    await addMigration("20991231000002_after", "CREATE TABLE after_broken (id INT);");
    await assert.rejects(applyMigrations({ connectionString: testDb.url, migrationsDir }), (error: unknown) => {
      assert.ok(error instanceof MigrationError);
      assert.equal(error.migrationName, "20991231000001_broken");
      assert.match(error.message, /failed and was rolled back: relation "no_such_table" does not exist/);
      return true;
    });
    const rows = await historyRows();
    assert.deepEqual(rows.map((row) => [row.migration_name, row.finished_at === null, row.applied_steps_count]), [
      ...shipped.map((name) => [name, false, 1]),
      ["20991231000001_broken", true, 0],
    ]);
    assert.match(rows[shipped.length]?.logs ?? "", /no_such_table/);
    assert.equal((await query("SELECT to_regclass('half_done') AS t"))[0]?.t, null, "the failed migration left nothing behind");

    // Fixing the file is not enough: the failure must be resolved first, as with Prisma.
    await writeFile(join(migrationsDir, "20991231000001_broken", "migration.sql"), "CREATE TABLE half_done (id INT);");
    await assert.rejects(applyMigrations({ connectionString: testDb.url, migrationsDir }), /failed earlier and was never resolved/);

    await query("UPDATE _prisma_migrations SET rolled_back_at = now() WHERE finished_at IS NULL");
    const { applied } = await applyMigrations({ connectionString: testDb.url, migrationsDir });
    assert.deepEqual(applied, ["20991231000001_broken", "20991231000002_after"]);
  });

  test("fails with a MigrationError when the migrations directory is missing", async () => {
    await assert.rejects(
      applyMigrations({ connectionString: testDb.url, migrationsDir: join(migrationsDir, "missing") }),
      (error: unknown) => error instanceof MigrationError && /cannot read the migrations directory/.test(error.message),
    );
  });
});
