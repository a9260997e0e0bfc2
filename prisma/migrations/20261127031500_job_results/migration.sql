-- AlterTable
ALTER TABLE "datasets" ADD COLUMN     "max_token_id" INTEGER;

-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "cross_validation" JSONB,
ADD COLUMN     "test_metrics" JSONB;
