import type { DatasetFormat, FeatureDtype } from "@trainyard/contracts";

export interface DatasetRecord {
  id: string;
  tenantId: string;
  name: string;
  format: DatasetFormat;
  count: number;
  featureShape: number[];
  dtype: FeatureDtype;
  numClasses: number;
  sha256: string;
  sizeBytes: number;
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
}
