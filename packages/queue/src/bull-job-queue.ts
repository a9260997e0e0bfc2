import { Queue, QueueEventsProducer, type JobState } from "bullmq";
import { pino, type Logger } from "pino";
import { trainJobName, trainJobPayloadSchema, type TrainJobPayload } from "@trainyard/contracts";
import type { EnqueueOptions, JobQueue, QueueEntry, QueuePosition } from "@trainyard/domain";
import { toBullPriority } from "./bull-priority.js";
import { cancelEventName, cancelEventStreamMaxLen } from "./cancel-event.js";
import { probeRedis } from "./probe-redis.js";
import { QueueClosedError } from "./queue-closed-error.js";
import { readQueuePosition } from "./read-queue-position.js";
import { redactRedisUrl } from "./redact-redis-url.js";
import { RedisUnavailableError } from "./redis-unavailable-error.js";
import { trainJobOptions } from "./train-job-options.js";
import { withTimeout } from "./with-timeout.js";

/** Options of {@link BullJobQueue}. */
export interface BullJobQueueOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379` (a password in it never appears in messages). */
  connection: string;
  /** BullMQ queue name; workers must use the same name and prefix. */
  queueName: string;
  /** Prefix of every BullMQ key in Redis. @defaultValue "trainyard" */
  prefix?: string;
  /**
   * How long `enqueue`, `remove` and `publishCancel` wait for Redis before they throw
   * {@link RedisUnavailableError} (BullMQ itself would wait for ever while Redis is down).
   * @defaultValue 10000
   */
  commandTimeoutMs?: number;
  /** How long `ping` waits for a PONG. @defaultValue 2000 */
  pingTimeoutMs?: number;
  /** Receives Redis connection errors. @defaultValue a pino logger on stdout */
  logger?: Logger;
}

/** States in which no worker holds the job, so removing it cannot pull it from under a worker. */
const removableStates: ReadonlySet<JobState | "unknown"> = new Set([
  "waiting",
  "delayed",
  "prioritized",
  "waiting-children",
]);

/**
 * {@link JobQueue} on BullMQ. Opens no connection until the first call that needs one: `enqueue` and
 * `remove` open a `Queue`, `publishCancel` a `QueueEventsProducer`, `ping` a short-lived probe.
 *
 * Cancel delivery: a custom event on the queue's BullMQ events stream, read by a `QueueEvents` in every
 * worker process (see `createTrainingWorker`). A stream, unlike Redis pub/sub, is read from a cursor, so
 * a worker whose connection blips reads the cancel after reconnecting instead of losing it.
 */
export class BullJobQueue implements JobQueue {
  private readonly url: string;
  private readonly queueName: string;
  private readonly prefix: string;
  private readonly commandTimeoutMs: number;
  private readonly pingTimeoutMs: number;
  private readonly logger: Logger;
  private queue: Queue | undefined;
  private producer: QueueEventsProducer | undefined;
  private closed = false;

  constructor(options: BullJobQueueOptions) {
    this.url = options.connection;
    this.queueName = options.queueName;
    this.prefix = options.prefix ?? "trainyard";
    this.commandTimeoutMs = options.commandTimeoutMs ?? 10_000;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 2_000;
    this.logger = (options.logger ?? pino()).child({ queue: this.queueName });
  }

  /**
   * Adds the job under BullMQ job id `payload.jobId` with `options.priority` (see `toBullPriority`:
   * higher first, then in the order added); if that id is already queued, running or kept as
   * finished, nothing is added and nothing changes.
   *
   * @throws ZodError when the payload does not match `trainJobPayloadSchema`.
   * @throws RangeError when the priority is not an integer from 0 to 10.
   * @throws {@link RedisUnavailableError} when Redis does not answer within `commandTimeoutMs`.
   */
  async enqueue(payload: TrainJobPayload, options: EnqueueOptions): Promise<void> {
    const data = trainJobPayloadSchema.parse(payload);
    const priority = toBullPriority(options.priority);
    const queue = this.getQueue();
    await this.withCommandTimeout("enqueue", () =>
      queue.add(trainJobName, data, { ...trainJobOptions, attempts: options.maxAttempts ?? trainJobOptions.attempts, jobId: data.jobId, priority }),
    );
  }

  /**
   * Removes the job's kept entry when it is finished (completed or failed), then adds it again.
   * @throws {@link RedisUnavailableError} when Redis does not answer within `commandTimeoutMs`.
   */
  async enqueueAgain(payload: TrainJobPayload, options: EnqueueOptions): Promise<void> {
    const data = trainJobPayloadSchema.parse(payload);
    const priority = toBullPriority(options.priority);
    const queue = this.getQueue();
    await this.withCommandTimeout("enqueue again", async () => {
      const state = await queue.getJobState(data.jobId);
      if (state === "completed" || state === "failed") await queue.remove(data.jobId);
      await queue.add(trainJobName, data, { ...trainJobOptions, attempts: options.maxAttempts ?? trainJobOptions.attempts, jobId: data.jobId, priority });
    });
  }

  /** Removes the job if it is waiting or delayed; a no-op when it is active, finished or missing. */
  async remove(jobId: string): Promise<void> {
    const queue = this.getQueue();
    await this.withCommandTimeout("remove", async () => {
      const state = await queue.getJobState(jobId);
      if (!removableStates.has(state)) return;
      // Returns 0 when a worker locked the job since getJobState: still the documented no-op.
      await queue.remove(jobId);
    });
  }

  /**
   * Publishes a cancel event; every worker process listening on this queue aborts the job's signal if
   * it is running there. Workers that start the job later do not see it: they read the status in
   * Postgres when the job starts.
   */
  async publishCancel(jobId: string): Promise<void> {
    const producer = this.getProducer();
    await this.withCommandTimeout("publishCancel", () =>
      producer.publishEvent({ eventName: cancelEventName, jobId }, cancelEventStreamMaxLen),
    );
  }

  /** The state of the job's entry; waiting-like states (prioritized, waiting-children) read as `waiting`. */
  async inspect(jobId: string): Promise<QueueEntry> {
    const queue = this.getQueue();
    return await this.withCommandTimeout("inspect", async () => {
      const job = await queue.getJob(jobId);
      if (job === undefined || job === null) return { state: "unknown" as const };
      const state = await job.getState();
      switch (state) {
        case "active":
        case "delayed":
        case "completed":
          return { state };
        case "failed":
          return { state, failedReason: job.failedReason };
        case "unknown":
          return { state: "unknown" as const };
        default:
          return { state: "waiting" as const };
      }
    });
  }

  /**
   * Where the job stands while it waits: one Lua script over BullMQ's wait list, prioritized set and
   * active list (see `readQueuePosition`), O(log n), no job loaded. Null when it is not waiting.
   * @throws {@link RedisUnavailableError} when Redis does not answer within `commandTimeoutMs`.
   */
  async position(jobId: string): Promise<QueuePosition | null> {
    const queue = this.getQueue();
    return await this.withCommandTimeout("position", () => readQueuePosition(queue, jobId));
  }

  /** Whether Redis answers a PING within `pingTimeoutMs`, on a fresh connection. False once closed. */
  async ping(): Promise<boolean> {
    if (this.closed) return false;
    const result = await probeRedis(this.url, this.pingTimeoutMs);
    return result.ok;
  }

  /** Closes the connections this instance opened. Later calls to the other methods throw. */
  async close(): Promise<void> {
    this.closed = true;
    const open = [this.queue, this.producer].filter((client) => client !== undefined);
    this.queue = undefined;
    this.producer = undefined;
    await Promise.all(open.map((client) => client.close()));
  }

  private getQueue(): Queue {
    if (this.closed) throw new QueueClosedError(this.queueName);
    if (this.queue === undefined) {
      this.queue = new Queue(this.queueName, { connection: { url: this.url }, prefix: this.prefix });
      this.queue.on("error", (error) => this.logger.warn({ err: error }, "queue redis error"));
    }
    return this.queue;
  }

  private getProducer(): QueueEventsProducer {
    if (this.closed) throw new QueueClosedError(this.queueName);
    if (this.producer === undefined) {
      this.producer = new QueueEventsProducer(this.queueName, {
        connection: { url: this.url },
        prefix: this.prefix,
      });
      this.producer.on("error", (error) => this.logger.warn({ err: error }, "cancel producer redis error"));
    }
    return this.producer;
  }

  private async withCommandTimeout<T>(operation: string, run: () => Promise<T>): Promise<T> {
    return withTimeout(
      run(),
      this.commandTimeoutMs,
      () =>
        new RedisUnavailableError(
          `${operation} on queue "${this.queueName}": Redis at ${redactRedisUrl(this.url)} ` +
            `did not answer within ${this.commandTimeoutMs} ms`,
        ),
    );
  }
}
