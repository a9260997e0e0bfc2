import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { computeMigrationChecksum } from "./migration-checksum.js";
import { MigrationError } from "./migration-error.js";

/** One `prisma/migrations/<name>/migration.sql`. */
export interface MigrationFile {
  /** The directory name, e.g. `20261127020254_init`; migrations apply in the byte order of names. */
  name: string;
  sql: string;
  /** sha256 of the file's bytes, hex, as Prisma records it. */
  checksum: string;
}

/**
 * Reads every migration under `dir` (one directory per migration holding `migration.sql`;
 * files beside them, such as `migration_lock.toml`, are ignored), sorted by name.
 * @throws MigrationError when the directory is missing or a migration directory has no migration.sql.
 */
export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new MigrationError(`cannot read the migrations directory ${dir}`, null, { cause: error });
  }
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    // Byte order, not locale order: the order Prisma applies them in.
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return await Promise.all(
    names.map(async (name) => {
      const path = join(dir, name, "migration.sql");
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (error) {
        throw new MigrationError(`migration ${name} has no readable migration.sql (${path})`, name, { cause: error });
      }
      return { name, sql: bytes.toString("utf8"), checksum: computeMigrationChecksum(bytes) };
    }),
  );
}
