import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { applyMigrations, defaultMigrationsDir } from "@trainyard/db";

/** A database of its own for one test file or test, migrated to the current schema. */
export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** Disconnects every client of the database and drops it. */
  drop(): Promise<void>;
}

/** Server the test databases are created on (any database on it works; `test` by default). */
const serverUrl = process.env.TEST_DATABASE_URL ?? "postgresql://root@127.0.0.1:5432/test";
/** Serializes template creation across test processes; an arbitrary key private to this helper. */
const templateLockKey = 727073690;

let templateReady: Promise<string> | undefined;

export interface CreateTestDatabaseOptions {
  /** Create an empty database instead of a migrated one (to test migrations). Default: false. */
  empty?: boolean;
}

/**
 * Creates a fresh database (`trainyard_t_<random>`) cloned from a template database that holds
 * the migrated schema. The template is named after a hash of prisma/migrations, so it is
 * built once per server and per migration set (under an advisory lock, so parallel test
 * processes build it once) and rebuilt when a migration is added or changed.
 * Server: env TEST_DATABASE_URL, default postgresql://root@127.0.0.1:5432/test.
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `trainyard_t_${randomBytes(6).toString("hex")}`;
  if (options.empty === true) {
    await withServerClient((client) => client.query(`CREATE DATABASE "${name}"`));
  } else {
    templateReady ??= ensureTemplate().catch((error: unknown) => {
      templateReady = undefined;
      throw error;
    });
    const template = await templateReady;
    await withServerClient((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  }
  let dropped = false;
  return {
    url: databaseUrl(name),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE) terminates the database's remaining connections first (Postgres 13+).
      await withServerClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function ensureTemplate(): Promise<string> {
  const template = `trainyard_tpl_${await hashMigrations()}`;
  await withServerClient(async (client) => {
    if (await databaseExists(client, template)) return;
    await client.query("SELECT pg_advisory_lock($1)", [templateLockKey]);
    try {
      if (await databaseExists(client, template)) return;
      // Built under another name and renamed when complete: a half-built template is never used.
      const building = `${template}_building`;
      await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${building}"`);
      await applyMigrations({ connectionString: databaseUrl(building) });
      await client.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [templateLockKey]);
    }
  });
  return template;
}

/** sha256 over every migration's name and bytes, first 16 hex digits. */
async function hashMigrations(): Promise<string> {
  const hash = createHash("sha256");
  const entries = await readdir(defaultMigrationsDir, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  for (const name of names) {
    hash.update(name).update("\0").update(await readFile(join(defaultMigrationsDir, name, "migration.sql"))).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

async function databaseExists(client: pg.Client, name: string): Promise<boolean> {
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  return (rowCount ?? 0) > 0;
}

function databaseUrl(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withServerClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
