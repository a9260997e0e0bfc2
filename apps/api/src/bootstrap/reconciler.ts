import type { Logger } from "pino";
import type { JobQueue, JobRepository } from "@trainyard/domain";
import { reconcileJobs } from "../services/reconcile-jobs.js";

/** A periodic {@link reconcileJobs}, from API start until stop(). */
export interface Reconciler {
  stop(): Promise<void>;
}

/** Runs the reconciler now and every `intervalMs` (default 30 s); a failed pass is logged and retried next time. */
export function startReconciler(deps: { jobs: JobRepository; queue: JobQueue; logger: Logger }, intervalMs = 30_000): Reconciler {
  let running: Promise<void> = Promise.resolve();
  const pass = (): void => {
    running = reconcileJobs(deps)
      .then((result) => {
        if (result.requeued + result.failed + result.cancelled > 0) deps.logger.info(result, "reconcile pass");
      })
      .catch((error: unknown) => deps.logger.warn({ err: error }, "reconcile pass failed"));
  };
  pass();
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
