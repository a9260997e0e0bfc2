import type { ArtifactRecord, ArtifactRepository } from "@trainyard/domain";
import type { Artifact, PrismaClient } from "../generated/prisma/client.js";
import { parseStoredSize } from "./parse-stored-value.js";

/** Files produced by jobs (their bytes live in the object store), in Postgres through Prisma. */
export class PrismaArtifactRepository implements ArtifactRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Inserts the row, or replaces kind, storageKey and sizeBytes (and createdAt: the file was rewritten now). */
  async upsert(input: Omit<ArtifactRecord, "id" | "createdAt">): Promise<ArtifactRecord> {
    const fields = { kind: input.kind, storageKey: input.storageKey, sizeBytes: BigInt(input.sizeBytes) };
    const row = await this.prisma.artifact.upsert({
      where: { jobId_path: { jobId: input.jobId, path: input.path } },
      create: { jobId: input.jobId, path: input.path, ...fields },
      update: { ...fields, createdAt: new Date() },
    });
    return toArtifactRecord(row);
  }

  /** The job's artifacts ordered by path. */
  async listByJob(jobId: string): Promise<ArtifactRecord[]> {
    const rows = await this.prisma.artifact.findMany({ where: { jobId }, orderBy: { path: "asc" } });
    return rows.map(toArtifactRecord);
  }

  async findByPath(jobId: string, path: string): Promise<ArtifactRecord | null> {
    const row = await this.prisma.artifact.findUnique({ where: { jobId_path: { jobId, path } } });
    return row === null ? null : toArtifactRecord(row);
  }

  async deleteUnder(jobId: string, pathPrefix: string): Promise<void> {
    await this.prisma.artifact.deleteMany({ where: { jobId, path: { startsWith: `${pathPrefix.replace(/\/+$/, "")}/` } } });
  }
}

function toArtifactRecord(row: Artifact): ArtifactRecord {
  return {
    id: row.id,
    jobId: row.jobId,
    kind: row.kind,
    path: row.path,
    storageKey: row.storageKey,
    sizeBytes: parseStoredSize(row.sizeBytes, `artifacts.size_bytes of artifact ${row.id}`),
    createdAt: row.createdAt,
  };
}
