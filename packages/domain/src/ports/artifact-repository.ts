export interface ArtifactRecord {
  id: string;
  jobId: string;
  kind: string;
  /** Path relative to the job, e.g. `model/model.json`. */
  path: string;
  storageKey: string;
  sizeBytes: number;
  createdAt: Date;
}

/** Files a job produced (the model's model.json and weight files, later samples and checkpoints). */
export interface ArtifactRepository {
  /** Inserts or replaces (same job and path) an artifact row. */
  upsert(input: Omit<ArtifactRecord, "id" | "createdAt">): Promise<ArtifactRecord>;
  listByJob(jobId: string): Promise<ArtifactRecord[]>;
  findByPath(jobId: string, path: string): Promise<ArtifactRecord | null>;
  /** Removes the rows of the job's artifacts under the folder `pathPrefix` (e.g. `checkpoints/epoch-0001`); missing rows are fine. */
  deleteUnder(jobId: string, pathPrefix: string): Promise<void>;
}
