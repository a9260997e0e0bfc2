/** What a worker process says about itself when it registers and at every beat. */
export interface WorkerRegistration {
  /** WORKER_ID (default `<hostname>-<pid>`). */
  id: string;
  host: string;
  pid: number;
  /** TensorFlow.js backend it trains on: tensorflow, wasm or cpu. */
  backend: string;
  /** Whether that backend runs on a GPU. */
  gpu: boolean;
  /** Jobs it trains at once. */
  concurrency: number;
}

/** A job a worker was running at its last beat, with its owner. */
export interface WorkerJob {
  id: string;
  /** Null when the job row no longer exists. */
  tenantId: string | null;
}

/** A worker as its last beat left it. Times are the database's clock. */
export interface WorkerRecord extends WorkerRegistration {
  currentJobs: WorkerJob[];
  startedAt: Date;
  lastBeatAt: Date;
  /** Set on clean shutdown; null while it runs, or when it died without saying so. */
  stoppedAt: Date | null;
}

/** Recently seen workers and the database clock they were read at. */
export interface WorkerList {
  /** The database's clock when the list was read: compare `lastBeatAt` with this, not with the local clock. */
  checkedAt: Date;
  workers: WorkerRecord[];
}

/**
 * Worker processes and their heartbeats. Every time is stamped by the database's clock, so a host
 * whose clock is off never makes its worker look lost or alive.
 */
export interface WorkerRegistry {
  /** Writes the worker's row as just started: no jobs, started and last beat now, not stopped. */
  register(worker: WorkerRegistration): Promise<void>;
  /**
   * Records a beat with the jobs running now (and clears a stop mark). Re-creates the row when it is
   * missing, e.g. because Postgres was down when the worker registered.
   */
  beat(worker: WorkerRegistration, currentJobIds: readonly string[]): Promise<void>;
  /** Marks the worker stopped and clears its jobs; a worker that never registered is ignored. */
  markStopped(workerId: string): Promise<void>;
  /** Workers whose last beat or stop is at most `seenWithinMs` old, the latest beat first. */
  listRecent(seenWithinMs: number): Promise<WorkerList>;
}
