import type { ClientBase } from "pg";

/** A row of `_prisma_migrations`. */
export interface MigrationRow {
  id: string;
  checksum: string;
  finishedAt: Date | null;
  migrationName: string;
  logs: string | null;
  rolledBackAt: Date | null;
  startedAt: Date;
  appliedStepsCount: number;
}

/**
 * Prisma's own DDL for its history table (prisma-engines, sql-schema-connector, postgres flavour),
 * so that `prisma migrate deploy` and `prisma migrate status` read what we write.
 */
const createTableSql = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

/** Reads and writes `_prisma_migrations` rows exactly as Prisma's schema engine does. */
export class PrismaMigrationsTable {
  constructor(private readonly client: ClientBase) {}

  /** Creates the table when it is missing (call it while holding the migration lock). */
  async ensure(): Promise<void> {
    const { rows } = await this.client.query<{ found: string | null }>(
      "SELECT to_regclass('_prisma_migrations')::text AS found",
    );
    if (rows[0]?.found == null) await this.client.query(createTableSql);
  }

  /** Every row, in the order Prisma lists them (started_at). */
  async list(): Promise<MigrationRow[]> {
    const { rows } = await this.client.query<{
      id: string;
      checksum: string;
      finished_at: Date | null;
      migration_name: string;
      logs: string | null;
      rolled_back_at: Date | null;
      started_at: Date;
      applied_steps_count: number;
    }>(
      `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
         FROM _prisma_migrations ORDER BY started_at, migration_name`,
    );
    return rows.map((row) => ({
      id: row.id,
      checksum: row.checksum,
      finishedAt: row.finished_at,
      migrationName: row.migration_name,
      logs: row.logs,
      rolledBackAt: row.rolled_back_at,
      startedAt: row.started_at,
      appliedStepsCount: row.applied_steps_count,
    }));
  }

  /** Whether a row says this migration finished and was not rolled back since. */
  async isApplied(migrationName: string): Promise<boolean> {
    const { rowCount } = await this.client.query(
      `SELECT 1 FROM _prisma_migrations
        WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      [migrationName],
    );
    return (rowCount ?? 0) > 0;
  }

  /**
   * Records a successful migration: one step applied, finished now. Run it in the migration's
   * transaction so that the row and the schema change commit together.
   */
  async recordApplied(input: { id: string; migrationName: string; checksum: string }): Promise<void> {
    await this.client.query(
      `INSERT INTO _prisma_migrations (id, checksum, started_at, finished_at, migration_name, applied_steps_count)
       VALUES ($1, $2, now(), clock_timestamp(), $3, 1)`,
      [input.id, input.checksum, input.migrationName],
    );
  }

  /**
   * Records a failed migration the way Prisma leaves one: finished_at and rolled_back_at null,
   * the error in logs. Prisma (and this runner) refuse to apply anything until it is resolved.
   */
  async recordFailed(input: { id: string; migrationName: string; checksum: string; startedAt: Date; logs: string }): Promise<void> {
    await this.client.query(
      `INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name, logs, applied_steps_count)
       VALUES ($1, $2, $3, $4, $5, 0)`,
      [input.id, input.checksum, input.startedAt, input.migrationName, input.logs],
    );
  }
}
