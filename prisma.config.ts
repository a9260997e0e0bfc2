// Prisma CLI configuration. The CLI is used for `prisma generate` and `prisma validate`;
// migrations are plain SQL files applied by packages/db/src/migrate.ts (works offline).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
