-- AlterTable
ALTER TABLE "datasets" ADD COLUMN     "stats" JSONB,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "dataset_sha256" TEXT;

-- CreateIndex
CREATE INDEX "datasets_tenant_id_sha256_idx" ON "datasets"("tenant_id", "sha256");

-- CreateIndex
CREATE INDEX "datasets_tenant_id_name_idx" ON "datasets"("tenant_id", "name");
