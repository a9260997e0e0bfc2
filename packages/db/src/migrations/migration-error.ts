/**
 * Migrations cannot go on: a migration failed, a failed one from an earlier run was never
 * resolved, an applied one was changed on disk, or the migrations directory is unreadable.
 */
export class MigrationError extends Error {
  constructor(
    message: string,
    /** The migration the problem is about, when there is one. */
    readonly migrationName: string | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "MigrationError";
  }
}
