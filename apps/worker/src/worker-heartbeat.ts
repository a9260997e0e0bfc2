import type { Logger } from "pino";
import type { WorkerRegistration, WorkerRegistry } from "@trainyard/domain";

/** Options of {@link startWorkerHeartbeat}. */
export interface WorkerHeartbeatOptions {
  registry: WorkerRegistry;
  /** What the worker says about itself at every beat. */
  worker: WorkerRegistration;
  /** Milliseconds between beats (HEARTBEAT_SECONDS x 1000). */
  intervalMs: number;
  /** The ids of the jobs this process is running now; read at every beat. */
  currentJobIds: () => readonly string[];
  logger: Logger;
}

/** A running heartbeat, from {@link startWorkerHeartbeat}. */
export interface WorkerHeartbeat {
  /** Stops beating, waits for a beat under way, and marks the worker stopped. Never throws; calling it again returns the same promise. */
  stop(): Promise<void>;
}

/**
 * Registers the worker, then beats every `intervalMs` with its running jobs. A register or beat that
 * fails (Postgres down) is logged and the next beat tries again: heartbeats never stop the worker.
 * A beat still under way when the next is due is not doubled. The timer is unref'd.
 */
export function startWorkerHeartbeat(options: WorkerHeartbeatOptions): WorkerHeartbeat {
  const { registry, worker, logger } = options;
  let inFlight: Promise<void> = Promise.resolve();
  let busy = false;
  let failing = false;

  const run = (write: () => Promise<void>): void => {
    if (busy) return;
    busy = true;
    inFlight = write()
      .then(() => {
        if (failing) logger.info("worker heartbeat recovered");
        failing = false;
      })
      .catch((error: unknown) => {
        failing = true;
        logger.warn({ err: error }, "worker heartbeat failed; retrying at the next beat");
      })
      .finally(() => {
        busy = false;
      });
  };

  // Until a first write succeeds, every beat is an upsert that creates the row anyway.
  run(() => registry.register(worker));
  const timer = setInterval(() => run(() => registry.beat(worker, options.currentJobIds())), options.intervalMs);
  timer.unref();

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    clearInterval(timer);
    // A beat landing after the stop mark would clear it again.
    await inFlight;
    try {
      await registry.markStopped(worker.id);
    } catch (error) {
      logger.warn({ err: error }, "could not mark the worker stopped; it will show as lost");
    }
  };
  return {
    stop: () => {
      stopping ??= stop();
      return stopping;
    },
  };
}
