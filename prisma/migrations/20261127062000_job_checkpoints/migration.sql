-- CreateTable
CREATE TABLE "job_checkpoints" (
    "job_id" UUID NOT NULL,
    "epoch" INTEGER NOT NULL,
    "batch" INTEGER NOT NULL DEFAULT 0,
    "attempt" INTEGER NOT NULL,
    "metrics" JSONB NOT NULL,
    "path" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_checkpoints_pkey" PRIMARY KEY ("job_id","epoch","batch")
);

-- AddForeignKey
ALTER TABLE "job_checkpoints" ADD CONSTRAINT "job_checkpoints_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
