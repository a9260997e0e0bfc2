import { createHash } from "node:crypto";

/** Prisma's checksum of a migration: sha256 of the file's bytes, lowercase hex. */
export function computeMigrationChecksum(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Whether a migration's text matches a checksum recorded in `_prisma_migrations`, the way
 * Prisma's schema engine decides it: the text as is, with CRLF turned into LF, or with LF turned
 * into CRLF (git may change line endings), in the zero-padded hex Prisma writes today or the
 * unpadded hex of old Prisma versions (prisma/prisma-engines#1887).
 */
export function matchesMigrationChecksum(sql: string, checksum: string): boolean {
  const candidates = [sql, sql.replaceAll("\r\n", "\n"), sql.replaceAll("\r\n", "\n").replaceAll("\n", "\r\n")];
  return candidates.some((text) => {
    const digest = createHash("sha256").update(text).digest();
    if (checksum.length === 64) return digest.toString("hex") === checksum;
    return Array.from(digest, (byte) => byte.toString(16)).join("") === checksum;
  });
}
