// Generates the Prisma client (packages/db/src/generated/prisma) from prisma/schema.prisma.
//
// Why a script: every Prisma 7 CLI command first downloads the schema engine, and that download
// fails on machines without access to Prisma's host. `prisma generate` never runs the engine, so
// when none is configured we point PRISMA_SCHEMA_ENGINE_BINARY at a placeholder file. This is only
// safe for generate/validate: migrations are applied by packages/db/src/migrate.ts instead.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const prismaBin = join(root, "node_modules", ".bin", process.platform === "win32" ? "prisma.cmd" : "prisma");
if (!existsSync(prismaBin)) {
  process.stderr.write("generate-client: prisma CLI not installed, skipping client generation\n");
  process.exit(0);
}
const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
const result = spawnSync(prismaBin, ["generate"], { cwd: root, env, stdio: "inherit" });
process.exit(result.status ?? 1);
