import { datasetFormatSchema, datasetReferenceSchema, datasetStatsSchema, featureDtypes } from "@trainyard/contracts";
import type { DatasetFormat } from "@trainyard/contracts";
import { ConflictError, type DatasetRecord, type DatasetRepository } from "@trainyard/domain";
import { isUniqueViolation } from "./is-unique-violation.js";
import { z } from "zod";
import type { Dataset, Prisma, PrismaClient } from "../generated/prisma/client.js";
import { parseStoredSize, parseStoredValue } from "./parse-stored-value.js";

const featureDtypeSchema = z.enum(featureDtypes);

/** Uploaded datasets' metadata in Postgres, through Prisma (their bytes live in the object store). */
export class PrismaDatasetRepository implements DatasetRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** @throws ConflictError when the tenant already has these bytes in this format, or this name and version. */
  async create(input: Omit<DatasetRecord, "createdAt">): Promise<DatasetRecord> {
    const row = await this.prisma.dataset.create({
      data: {
        id: input.id,
        tenantId: input.tenantId,
        name: input.name,
        version: input.version,
        status: input.status,
        statusReason: input.statusReason,
        ...(input.source === null ? {} : { source: input.source as unknown as Prisma.InputJsonObject }),
        format: input.format,
        count: input.count,
        featureShape: input.featureShape,
        dtype: input.dtype,
        numClasses: input.numClasses,
        sha256: input.sha256,
        sizeBytes: BigInt(input.sizeBytes),
        maxTokenId: input.maxTokenId,
        ...(input.stats === null ? {} : { stats: input.stats as unknown as Prisma.InputJsonObject }),
        ...(input.labelNames === null ? {} : { labelNames: input.labelNames }),
        storageKey: input.storageKey,
      },
    }).catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new ConflictError(`dataset ${input.name} version ${input.version} or its content already exists`);
      throw error;
    });
    return toDatasetRecord(row);
  }

  async findById(tenantId: string, id: string): Promise<DatasetRecord | null> {
    const row = await this.prisma.dataset.findFirst({ where: { id, tenantId } });
    return row === null ? null : toDatasetRecord(row);
  }

  async list(tenantId: string): Promise<DatasetRecord[]> {
    const rows = await this.prisma.dataset.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    return rows.map(toDatasetRecord);
  }

  async markReady(
    id: string,
    fields: Omit<DatasetRecord, "id" | "tenantId" | "name" | "version" | "format" | "status" | "statusReason" | "source" | "storageKey" | "createdAt">,
  ): Promise<DatasetRecord | null> {
    const { count } = await this.prisma.dataset
      .updateMany({
        where: { id, status: "PENDING" },
        data: {
          status: "READY",
          statusReason: null,
          count: fields.count,
          featureShape: fields.featureShape,
          dtype: fields.dtype,
          numClasses: fields.numClasses,
          sha256: fields.sha256,
          sizeBytes: BigInt(fields.sizeBytes),
          maxTokenId: fields.maxTokenId,
          ...(fields.stats === null ? {} : { stats: fields.stats as unknown as Prisma.InputJsonObject }),
          ...(fields.labelNames === null ? {} : { labelNames: fields.labelNames }),
        },
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw new ConflictError(`dataset ${id}: its content already exists as another dataset`);
        throw error;
      });
    if (count === 0) return null;
    return toDatasetRecord(await this.prisma.dataset.findUniqueOrThrow({ where: { id } }));
  }

  async listPending(query: { createdBefore: Date; limit: number }): Promise<DatasetRecord[]> {
    const rows = await this.prisma.dataset.findMany({
      where: { status: "PENDING", createdAt: { lt: query.createdBefore } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: query.limit,
    });
    return rows.map(toDatasetRecord);
  }

  async markInvalid(id: string, reason: string): Promise<boolean> {
    const { count } = await this.prisma.dataset.updateMany({ where: { id, status: "PENDING" }, data: { status: "INVALID", statusReason: reason.slice(0, 2000) } });
    return count > 0;
  }

  async findBySha256(tenantId: string, sha256: string, format: DatasetFormat): Promise<DatasetRecord | null> {
    const row = await this.prisma.dataset.findFirst({ where: { tenantId, sha256, format }, orderBy: { createdAt: "asc" } });
    return row === null ? null : toDatasetRecord(row);
  }

  async latestVersion(tenantId: string, name: string): Promise<number> {
    const result = await this.prisma.dataset.aggregate({ where: { tenantId, name }, _max: { version: true } });
    return result._max.version ?? 0;
  }
}

function toDatasetRecord(row: Dataset): DatasetRecord {
  const what = (column: string): string => `datasets.${column} of dataset ${row.id}`;
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    version: row.version,
    status: row.status,
    statusReason: row.statusReason,
    source: row.source === null ? null : parseStoredValue(datasetReferenceSchema, row.source, what("source")),
    format: parseStoredValue(datasetFormatSchema, row.format, what("format")),
    count: row.count,
    // A Postgres array column may hold NULL; an empty shape is what it means here.
    featureShape: row.featureShape ?? [],
    dtype: parseStoredValue(featureDtypeSchema, row.dtype, what("dtype")),
    numClasses: row.numClasses,
    sha256: row.sha256,
    sizeBytes: parseStoredSize(row.sizeBytes, what("size_bytes")),
    maxTokenId: row.maxTokenId,
    stats: row.stats === null ? null : parseStoredValue(datasetStatsSchema, row.stats, what("stats")),
    labelNames: row.labelNames === null ? null : parseStoredValue(z.array(z.string()), row.labelNames, what("label_names")),
    storageKey: row.storageKey,
    createdAt: row.createdAt,
  };
}
