-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "secondary_status" TEXT NOT NULL DEFAULT 'PENDING';

-- AlterTable
ALTER TABLE "job_events" ADD COLUMN     "secondary_status" TEXT;

-- Existing jobs get the secondary status their status starts with.
UPDATE "jobs" SET "secondary_status" = CASE "status"
  WHEN 'QUEUED' THEN 'PENDING'
  WHEN 'RUNNING' THEN 'STARTING'
  WHEN 'CANCELLING' THEN 'STOPPING'
  WHEN 'SUCCEEDED' THEN 'COMPLETED'
  WHEN 'FAILED' THEN 'FAILED'
  WHEN 'CANCELLED' THEN 'STOPPED'
END;
