import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { Logger } from "pino";
import { matchesMigrationChecksum } from "./migrations/migration-checksum.js";
import { MigrationError } from "./migrations/migration-error.js";
import { PrismaMigrationsTable } from "./migrations/prisma-migrations-table.js";
import { readMigrationFiles, type MigrationFile } from "./migrations/read-migration-files.js";
import { silentLogger } from "./silent-logger.js";

/** The repository's `prisma/migrations`. */
export const defaultMigrationsDir = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));

/** The advisory lock key Prisma Migrate takes, so that this runner and `prisma migrate` exclude each other. */
const prismaMigrateLockKey = 72707369;

export interface ApplyMigrationsOptions {
  /** Postgres URL of the database to migrate. */
  connectionString: string;
  /** Directory of `<name>/migration.sql` folders. Default: the repository's `prisma/migrations`. */
  migrationsDir?: string;
  /** Default: a logger that logs nothing. */
  logger?: Logger;
}

/**
 * Applies the pending migrations in name order, each in its own transaction, while holding
 * Prisma Migrate's advisory lock, and records each in `_prisma_migrations` exactly as Prisma
 * does (creating that table when missing), so the Prisma CLI sees the same history.
 * Running it again applies nothing.
 * @returns the names of the migrations applied by this call, in order.
 * @throws MigrationError when a migration fails (it is rolled back and recorded as failed), when
 *   an earlier failure was never resolved, or when an applied migration's file changed since.
 */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<{ applied: string[] }> {
  const logger = options.logger ?? silentLogger;
  const files = await readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir);
  const client = new pg.Client({ connectionString: options.connectionString });
  // An idle client that loses its connection emits 'error'; without a listener that would crash the process.
  client.on("error", (error) => logger.warn({ err: error }, "migration connection error"));
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [prismaMigrateLockKey]);
    try {
      return { applied: await applyPending(client, files, logger) };
    } finally {
      // Must not hide the error that got us here. Closing the connection releases the lock on a real
      // server; on the embedded one (one shared session) the lock is re-entrant anyway.
      await client
        .query("SELECT pg_advisory_unlock($1)", [prismaMigrateLockKey])
        .catch((error: unknown) => logger.warn({ err: error }, "could not release the migration lock"));
    }
  } finally {
    await client.end().catch((error: unknown) => logger.warn({ err: error }, "could not close the migration connection"));
  }
}

async function applyPending(client: pg.Client, files: MigrationFile[], logger: Logger): Promise<string[]> {
  const table = new PrismaMigrationsTable(client);
  await table.ensure();
  const rows = await table.list();
  const failed = rows.find((row) => row.finishedAt === null && row.rolledBackAt === null);
  if (failed !== undefined) {
    throw new MigrationError(
      `migration ${failed.migrationName} failed earlier and was never resolved, so no migration is applied ` +
        `(its error: ${failed.logs ?? "not recorded"}). Fix the database and the migration, then mark it rolled back ` +
        `(npx prisma migrate resolve --rolled-back ${failed.migrationName}, or ` +
        `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = '${failed.id}') and migrate again`,
      failed.migrationName,
    );
  }
  const applied = new Map(
    rows.filter((row) => row.finishedAt !== null && row.rolledBackAt === null).map((row) => [row.migrationName, row]),
  );
  for (const file of files) {
    const row = applied.get(file.name);
    if (row !== undefined && !matchesMigrationChecksum(file.sql, row.checksum)) {
      throw new MigrationError(
        `migration ${file.name} was changed after it was applied (recorded checksum ${row.checksum}, file ${file.checksum}); ` +
          "restore the applied version and put the change in a new migration",
        file.name,
      );
    }
  }
  const onDisk = new Set(files.map((file) => file.name));
  for (const name of applied.keys()) {
    if (!onDisk.has(name)) logger.warn({ migration: name }, "applied migration missing from the migrations directory");
  }
  const done: string[] = [];
  for (const file of files.filter((candidate) => !applied.has(candidate.name))) {
    if (await applyOne(client, table, file, logger)) done.push(file.name);
  }
  return done;
}

/** Applies one migration in a transaction; false when another runner applied it meanwhile. */
async function applyOne(client: pg.Client, table: PrismaMigrationsTable, file: MigrationFile, logger: Logger): Promise<boolean> {
  const startedAt = new Date();
  const id = randomUUID();
  logger.info({ migration: file.name }, "applying migration");
  try {
    await client.query("BEGIN");
    // On the embedded server every connection shares one session, so the advisory lock does not
    // exclude a second runner there; transactions are serialized, so checking again here does.
    if (await table.isApplied(file.name)) {
      await client.query("ROLLBACK");
      return false;
    }
    await client.query(file.sql);
    await table.recordApplied({ id, migrationName: file.name, checksum: file.checksum });
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    await table
      .recordFailed({ id, migrationName: file.name, checksum: file.checksum, startedAt, logs: message })
      .catch((recordError: unknown) => logger.error({ err: recordError, migration: file.name }, "could not record the failed migration"));
    throw new MigrationError(
      `migration ${file.name} failed and was rolled back: ${message}. ${describeResolution(file.name, id)}`,
      file.name,
      { cause: error },
    );
  }
  logger.info({ migration: file.name, ms: Date.now() - startedAt.getTime() }, "migration applied");
  return true;
}

/** How to unblock migrations after a failure, Prisma's way or by hand (the CLI needs its engine). */
function describeResolution(migrationName: string, id: string): string {
  return (
    "Fix the migration (and the database if needed), then mark the failure rolled back " +
    `(npx prisma migrate resolve --rolled-back ${migrationName}, or ` +
    `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = '${id}') and migrate again`
  );
}
