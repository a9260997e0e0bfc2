import type { MetricValues } from "@trainyard/contracts";

/** A job's saved training state after one epoch (its files are artifacts under `path`). */
export interface CheckpointRecord {
  jobId: string;
  /** Epochs completed. */
  epoch: number;
  /** Batches of the next epoch completed: 0 at an epoch's end; more for a checkpoint written by a stopping worker. */
  batch: number;
  /** The attempt that wrote it. */
  attempt: number;
  /** That epoch's metrics. */
  metrics: MetricValues;
  /** Artifact folder of its files, e.g. `checkpoints/epoch-0003`. */
  path: string;
  sizeBytes: number;
  createdAt: Date;
}

/**
 * Checkpoint rows. A row is written after its files and deleted after them, so a row always
 * names files that exist.
 */
export interface CheckpointRepository {
  /** Inserts or replaces (same job, epoch and batch) a checkpoint row. */
  upsert(input: Omit<CheckpointRecord, "createdAt">): Promise<CheckpointRecord>;
  /** The job's checkpoints, oldest first (by epoch, then batch). */
  listByJob(jobId: string): Promise<CheckpointRecord[]>;
  /** Removes a row; removing a missing one is not an error. */
  delete(jobId: string, epoch: number, batch: number): Promise<void>;
}
