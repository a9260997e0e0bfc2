import type { DatasetFormat, DatasetReference, DatasetStats, FeatureDtype, datasetStatuses } from "@trainyard/contracts";

export interface DatasetRecord {
  id: string;
  tenantId: string;
  name: string;
  /** 1, 2, ... per name within the tenant. */
  version: number;
  status: (typeof datasetStatuses)[number];
  statusReason: string | null;
  /** The reference a PENDING or referenced dataset is read from. */
  source: DatasetReference | null;
  format: DatasetFormat;
  count: number;
  featureShape: number[];
  dtype: FeatureDtype;
  numClasses: number;
  sha256: string;
  sizeBytes: number;
  stats: DatasetStats | null;
  /** The name of each label id, when the labels were names. */
  labelNames: string[] | null;
  /** Largest token id of an int32 (token sequence) dataset; null for other kinds. */
  maxTokenId: number | null;
  /** Object-store prefix under which `x.bin` and `y.bin` are stored. */
  storageKey: string;
  createdAt: Date;
}

export interface DatasetRepository {
  /** Inserts the row; the caller picks the id (its files are written to storage first). */
  create(input: Omit<DatasetRecord, "createdAt">): Promise<DatasetRecord>;
  /** The tenant's dataset with this id, or null (also when it belongs to another tenant). */
  findById(tenantId: string, id: string): Promise<DatasetRecord | null>;
  /** The tenant's datasets, newest first. */
  list(tenantId: string): Promise<DatasetRecord[]>;
  /** The tenant's dataset of this format with exactly these bytes (sha256), or null. */
  findBySha256(tenantId: string, sha256: string, format: DatasetFormat): Promise<DatasetRecord | null>;
  /**
   * Records what was read for a PENDING dataset and makes it READY; null when it is no longer PENDING
   * (another reader finished first); ConflictError when that content already exists.
   */
  markReady(
    id: string,
    fields: Omit<DatasetRecord, "id" | "tenantId" | "name" | "version" | "format" | "status" | "statusReason" | "source" | "storageKey" | "createdAt">,
  ): Promise<DatasetRecord | null>;
  /** Any tenant's PENDING datasets created before `createdBefore`, oldest first: for the reconciler. */
  listPending(query: { createdBefore: Date; limit: number }): Promise<DatasetRecord[]>;
  /** Makes a PENDING dataset INVALID with the reason. */
  markInvalid(id: string, reason: string): Promise<boolean>;
  /** The highest version under this name in the tenant, 0 when none. */
  latestVersion(tenantId: string, name: string): Promise<number>;
}
