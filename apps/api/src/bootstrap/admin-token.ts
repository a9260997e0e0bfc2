import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The admin token: TRAINYARD_ADMIN_TOKEN when set; otherwise the one stored in
 * `<dataDir>/admin-token`, generated (and announced once on stdout) the first time.
 */
export async function ensureAdminToken(options: { configured: string | undefined; dataDir: string }): Promise<string> {
  if (options.configured !== undefined) return options.configured;
  const path = join(options.dataDir, "admin-token");
  const existing = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (existing !== null && existing.trim().length > 0) return existing.trim();
  const token = `tya_${randomBytes(32).toString("base64url")}`;
  await mkdir(options.dataDir, { recursive: true });
  await writeFile(path, `${token}\n`, { mode: 0o600, flag: "wx" }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  const stored = (await readFile(path, "utf8")).trim();
  if (stored === token) {
    // Shown once, on purpose: this is the operator's only way to learn a generated token.
    process.stdout.write(`\nTrainyard admin token (stored in ${path}; shown once):\n  ${token}\n\n`);
  }
  return stored;
}
