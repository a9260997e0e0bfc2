// `npm run migrate`: applies the pending migrations to the database at DATABASE_URL and says which.
// A command-line entry point, so it writes to stdout itself.
import { loadConfig } from "@trainyard/config";
import { applyMigrations, MigrationError } from "@trainyard/db";

const connectionString = loadConfig().databaseUrl;
if (connectionString === undefined) {
  process.stderr.write("migrate: DATABASE_URL is not set (e.g. postgresql://root@127.0.0.1:5432/trainyard)\n");
  process.exit(2);
}

try {
  const { applied } = await applyMigrations({ connectionString });
  if (applied.length === 0) {
    process.stdout.write("migrate: no pending migrations, the database is up to date\n");
  } else {
    process.stdout.write(`migrate: applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}\n`).join("")}`);
  }
} catch (error) {
  const message = error instanceof MigrationError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`migrate: ${message}\n`);
  process.exitCode = 1;
}
