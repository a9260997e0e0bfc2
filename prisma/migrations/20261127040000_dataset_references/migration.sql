-- CreateEnum
CREATE TYPE "DatasetStatus" AS ENUM ('READY', 'PENDING', 'INVALID');

-- AlterTable
ALTER TABLE "datasets" ADD COLUMN     "source" JSONB,
ADD COLUMN     "status" "DatasetStatus" NOT NULL DEFAULT 'READY',
ADD COLUMN     "status_reason" TEXT;

-- DropIndex
DROP INDEX "datasets_tenant_id_sha256_idx";

-- DropIndex
DROP INDEX "datasets_tenant_id_name_idx";

-- CreateIndex
CREATE UNIQUE INDEX "datasets_tenant_id_sha256_format_key" ON "datasets"("tenant_id", "sha256", "format");

-- CreateIndex
CREATE UNIQUE INDEX "datasets_tenant_id_name_version_key" ON "datasets"("tenant_id", "name", "version");
