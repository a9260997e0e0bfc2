import type { TrainJobPayload } from "@trainyard/contracts";

/** The state of a job's entry in the queue. */
export interface QueueEntry {
  state: "waiting" | "delayed" | "active" | "completed" | "failed" | "unknown";
  /** Why the entry failed, when it did. */
  failedReason?: string;
}

/** How a job is queued. */
export interface EnqueueOptions {
  /** The spec's priority, 0 to 10: a higher one is taken first, equal ones in the order queued. */
  priority: number;
  /** The spec's maxAttempts: attempts the queue gives the job, default 3. */
  maxAttempts?: number;
}

/** Where a waiting job stands, counted over every tenant's jobs. */
export interface QueuePosition {
  /** Waiting jobs that will be taken before it. */
  waitingAhead: number;
  /** Jobs being processed now. */
  running: number;
}

/** The queue between the API and the workers. Postgres stays the system of record. */
export interface JobQueue {
  /** Queues a training job; the queue entry's id is the job's id, so queueing twice adds nothing. */
  enqueue(payload: TrainJobPayload, options: EnqueueOptions): Promise<void>;
  /**
   * Queues a job that ran before (a resumed job): its finished queue entry, if one is kept, is
   * removed first so that the job is added again.
   */
  enqueueAgain(payload: TrainJobPayload, options: EnqueueOptions): Promise<void>;
  /** Removes a job that no worker has taken yet; a no-op when it is running or gone. */
  remove(jobId: string): Promise<void>;
  /** Tells every worker process that this job must stop at its next batch. */
  publishCancel(jobId: string): Promise<void>;
  /** Where the job's queue entry is; `unknown` when the queue has none (never queued, removed, or Redis was emptied). */
  inspect(jobId: string): Promise<QueueEntry>;
  /**
   * Where the job stands while it waits to be taken; null when it is not waiting (running, delayed for
   * a retry, finished or unknown). Costs one round trip whatever the queue's length.
   */
  position(jobId: string): Promise<QueuePosition | null>;
  /** Whether the queue's backing store answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
