import { datasetFormatSchema, featureDtypes } from "@trainyard/contracts";
import type { DatasetRecord, DatasetRepository } from "@trainyard/domain";
import { z } from "zod";
import type { Dataset, PrismaClient } from "../generated/prisma/client.js";
import { parseStoredSize, parseStoredValue } from "./parse-stored-value.js";

const featureDtypeSchema = z.enum(featureDtypes);

/** Uploaded datasets' metadata in Postgres, through Prisma (their bytes live in the object store). */
export class PrismaDatasetRepository implements DatasetRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(input: Omit<DatasetRecord, "createdAt">): Promise<DatasetRecord> {
    const row = await this.prisma.dataset.create({
      data: {
        id: input.id,
        tenantId: input.tenantId,
        name: input.name,
        format: input.format,
        count: input.count,
        featureShape: input.featureShape,
        dtype: input.dtype,
        numClasses: input.numClasses,
        sha256: input.sha256,
        sizeBytes: BigInt(input.sizeBytes),
        maxTokenId: input.maxTokenId,
        storageKey: input.storageKey,
      },
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
}

function toDatasetRecord(row: Dataset): DatasetRecord {
  const what = (column: string): string => `datasets.${column} of dataset ${row.id}`;
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    format: parseStoredValue(datasetFormatSchema, row.format, what("format")),
    count: row.count,
    // A Postgres array column may hold NULL; an empty shape is what it means here.
    featureShape: row.featureShape ?? [],
    dtype: parseStoredValue(featureDtypeSchema, row.dtype, what("dtype")),
    numClasses: row.numClasses,
    sha256: row.sha256,
    sizeBytes: parseStoredSize(row.sizeBytes, what("size_bytes")),
    maxTokenId: row.maxTokenId,
    storageKey: row.storageKey,
    createdAt: row.createdAt,
  };
}
