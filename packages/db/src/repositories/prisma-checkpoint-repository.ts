import { metricValuesSchema } from "@trainyard/contracts";
import type { CheckpointRecord, CheckpointRepository } from "@trainyard/domain";
import type { JobCheckpoint, Prisma, PrismaClient } from "../generated/prisma/client.js";
import { parseStoredSize, parseStoredValue } from "./parse-stored-value.js";

/** Checkpoint rows in Postgres, through Prisma (the files are artifacts in the object store). */
export class PrismaCheckpointRepository implements CheckpointRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async upsert(input: Omit<CheckpointRecord, "createdAt">): Promise<CheckpointRecord> {
    const fields = { attempt: input.attempt, metrics: input.metrics as Prisma.InputJsonObject, path: input.path, sizeBytes: BigInt(input.sizeBytes) };
    const row = await this.prisma.jobCheckpoint.upsert({
      where: { jobId_epoch_batch: { jobId: input.jobId, epoch: input.epoch, batch: input.batch } },
      create: { jobId: input.jobId, epoch: input.epoch, batch: input.batch, ...fields },
      update: { ...fields, createdAt: new Date() },
    });
    return toCheckpointRecord(row);
  }

  async listByJob(jobId: string): Promise<CheckpointRecord[]> {
    const rows = await this.prisma.jobCheckpoint.findMany({ where: { jobId }, orderBy: [{ epoch: "asc" }, { batch: "asc" }] });
    return rows.map(toCheckpointRecord);
  }

  async delete(jobId: string, epoch: number, batch: number): Promise<void> {
    await this.prisma.jobCheckpoint.deleteMany({ where: { jobId, epoch, batch } });
  }
}

function toCheckpointRecord(row: JobCheckpoint): CheckpointRecord {
  const what = `job_checkpoints of job ${row.jobId} epoch ${row.epoch} batch ${row.batch}`;
  return {
    jobId: row.jobId,
    epoch: row.epoch,
    batch: row.batch,
    attempt: row.attempt,
    metrics: parseStoredValue(metricValuesSchema, row.metrics, `${what}: metrics`),
    path: row.path,
    sizeBytes: parseStoredSize(row.sizeBytes, `${what}: size_bytes`),
    createdAt: row.createdAt,
  };
}
