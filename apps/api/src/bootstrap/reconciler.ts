import { reconcileJobs, type ReconcileDeps } from "../services/reconcile-jobs.js";
import { resumePendingDatasets, type ReferenceDeps } from "../services/dataset-references.js";

/** A periodic {@link reconcileJobs}, from API start until stop(). */
export interface Reconciler {
  stop(): Promise<void>;
}

/**
 * Runs the reconciler now and every `intervalMs` (default 30 s): jobs whose queue entries were lost,
 * and referenced datasets left PENDING. A failed pass is logged and retried next time.
 */
export function startReconciler(deps: ReconcileDeps & { references: ReferenceDeps }, intervalMs = 30_000): Reconciler {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const pass = (): void => {
    // A pass still going (a slow dataset read) is not started twice.
    if (busy) return;
    busy = true;
    running = reconcileJobs(deps)
      .then(async (result) => {
        if (result.requeued + result.failed + result.cancelled > 0) deps.logger.info(result, "reconcile pass");
        const resumed = await resumePendingDatasets(deps.references);
        if (resumed > 0) deps.logger.info({ resumed }, "pending datasets read again");
      })
      .catch((error: unknown) => deps.logger.warn({ err: error }, "reconcile pass failed"))
      .finally(() => {
        busy = false;
      });
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
