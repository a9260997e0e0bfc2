-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "runtime_seconds" DOUBLE PRECISION NOT NULL DEFAULT 0;
