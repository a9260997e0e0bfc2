import type { CrossValidationResult, JobProgress, JobSpec, JobStatus, MetricValues, JobSecondaryStatus } from "@trainyard/contracts";

export interface JobRecord {
  id: string;
  tenantId: string;
  datasetId: string;
  /** sha256 of the dataset version the job trains on. */
  datasetSha256: string | null;
  status: JobStatus;
  /** Where the job is within its status (LOADING_DATA, TRAINING, ...). */
  secondaryStatus: JobSecondaryStatus;
  statusReason: string | null;
  spec: JobSpec;
  progress: JobProgress | null;
  latestMetrics: MetricValues | null;
  /** The final model's metrics on the evaluation dataset. */
  testMetrics: MetricValues | null;
  crossValidation: CrossValidationResult | null;
  backend: string | null;
  workerId: string | null;
  attempts: number;
  /** Seconds of training across all attempts (reset when resumed by request). */
  runtimeSeconds: number;
  cancelRequestedAt: Date | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

/** One change of a job's status or secondary status. */
export interface JobEventRecord {
  id: string;
  status: JobStatus;
  /** null on events written before secondary statuses existed. */
  secondaryStatus: JobSecondaryStatus | null;
  reason: string | null;
  workerId: string | null;
  attempt: number;
  createdAt: Date;
}

export interface EpochMetricRecord {
  epoch: number;
  values: MetricValues;
  createdAt: Date;
}

export interface JobPage {
  items: JobRecord[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Jobs, their status events and epoch metrics. Every status change is a conditional update
 * (allowed only from the statuses `canTransition` names) plus an event row, in one transaction;
 * a change that is not allowed returns null and writes nothing.
 */
export interface JobRepository {
  /** Inserts a QUEUED job and its first event. */
  create(input: { id: string; tenantId: string; datasetId: string; datasetSha256: string; spec: JobSpec }): Promise<JobRecord>;
  /** The tenant's job with this id, or null (also when it belongs to another tenant). */
  findById(tenantId: string, id: string): Promise<JobRecord | null>;
  /** Any tenant's job: for workers. */
  findByIdForWorker(id: string): Promise<JobRecord | null>;
  /** The tenant's jobs, newest first (createdAt desc, id desc), optionally of one status. */
  list(tenantId: string, query: { status?: JobStatus | undefined; limit: number; cursor?: string | undefined }): Promise<JobPage>;
  /** QUEUED or RUNNING (redelivery) -> RUNNING; increments attempts, sets startedAt once, workerId and backend. */
  markRunning(id: string, input: { workerId: string; backend: string }): Promise<JobRecord | null>;
  /**
   * Cancel request: QUEUED -> CANCELLED at once, RUNNING -> CANCELLING (the worker finishes it).
   * Returns null when the job is already finished; sets cancelRequestedAt.
   */
  requestCancel(tenantId: string, id: string): Promise<JobRecord | null>;
  /**
   * Moves a RUNNING or CANCELLING job to a final status; sets finishedAt; clears nothing else.
   * `secondary` defaults to the one the status starts with (FAILED: FAILED; MAX_RUNTIME_EXCEEDED is the other).
   */
  finish(id: string, status: "SUCCEEDED" | "FAILED" | "CANCELLED", reason?: string, secondary?: JobSecondaryStatus): Promise<JobRecord | null>;
  /** Adds training time to the job's runtimeSeconds (any status). */
  addRuntime(id: string, seconds: number): Promise<void>;
  /** Moves a QUEUED, RUNNING or CANCELLING job to FAILED (e.g. it can never run, or its queue entry failed). */
  fail(id: string, reason: string): Promise<JobRecord | null>;
  /** Moves a RUNNING job back to QUEUED, INTERRUPTED (a retry after a failed attempt, or a lost queue entry). */
  requeue(id: string, reason: string): Promise<JobRecord | null>;
  /**
   * FAILED or CANCELLED -> QUEUED (resumed by request): clears finishedAt, cancelRequestedAt and
   * progress; keeps attempts, metrics and checkpoints. Null when the tenant's job is not in either.
   */
  resume(tenantId: string, id: string, reason: string): Promise<JobRecord | null>;
  /**
   * Sets the secondary status of a job whose status allows it (`allowsSecondaryStatus`), with an
   * event row; no-op (false) when the job's status does not allow it or it is already that.
   */
  setSecondaryStatus(id: string, secondary: JobSecondaryStatus, reason?: string): Promise<boolean>;
  /** Every status and secondary status change of the job, oldest first. */
  listEvents(id: string): Promise<JobEventRecord[]>;
  /** Any tenant's QUEUED, RUNNING and CANCELLING jobs last changed before `updatedBefore`, oldest first: for the reconciler. */
  listUnfinished(query: { updatedBefore: Date; limit: number }): Promise<JobRecord[]>;
  /**
   * Mean of finishedAt - startedAt, in ms, over the `sampleSize` SUCCEEDED jobs of any tenant that
   * finished last; null when none has.
   */
  meanRunMs(sampleSize: number): Promise<number | null>;
  /** Overwrites the progress of a RUNNING or CANCELLING job (no event). */
  updateProgress(id: string, progress: JobProgress): Promise<void>;
  /** Upserts the epoch's metric row and sets the job's latestMetrics, in one transaction. Values must be finite. */
  recordEpoch(id: string, epoch: number, values: MetricValues): Promise<void>;
  /** Stores the final model's metrics on the evaluation dataset. Values must be finite. */
  recordTestMetrics(id: string, metrics: MetricValues): Promise<void>;
  /** Stores the cross-validation results. */
  recordCrossValidation(id: string, result: CrossValidationResult): Promise<void>;
  /** One row per epoch, in epoch order. */
  listMetrics(id: string): Promise<EpochMetricRecord[]>;
}
