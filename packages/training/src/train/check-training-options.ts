import type { TrainingSpec } from "@trainyard/contracts";
import { InvalidInputError, type FieldProblem } from "@trainyard/domain";

/** What the trainer of a job will report, for {@link checkTrainingOptions}. */
export interface TrainingOptionsContext {
  /** Whether the job has validation samples, so that `val_*` metrics exist. */
  hasValidation: boolean;
  /**
   * Training metrics reported each epoch (the `val_` ones are derived from these), default
   * {@link classifierMetricNames}; a GAN trainer reports `["d_loss", "g_loss"]`.
   */
  metrics?: readonly string[];
}

/** The training metrics `trainModel` reports each epoch (plus `val_` ones with validation data). */
export const classifierMetricNames = ["loss", "accuracy"] as const;

/** Optimizers that take `momentum`. */
const momentumOptimizers: readonly string[] = ["sgd", "rmsprop"];

/**
 * Checks the options of `training` that depend on the job and not only on the schema: every
 * monitored metric (earlyStopping, reduceOnPlateau, modelSelection) must be one the trainer
 * reports, `val_*` ones need validation data, and momentum / nesterov need an optimizer that uses
 * them. Pure (no TensorFlow.js import): the API calls it before queueing, `trainModel` again.
 *
 * @throws InvalidInputError with one detail per problem, on fields such as
 *   "training.earlyStopping.monitor", "training.learningRateSchedule.monitor",
 *   "training.modelSelection.monitor", "training.momentum" and "training.nesterov".
 */
export function checkTrainingOptions(training: TrainingSpec, context: TrainingOptionsContext): void {
  const base = context.metrics ?? classifierMetricNames;
  const available = context.hasValidation ? [...base, ...base.map((m) => `val_${m}`)] : [...base];
  const problems: FieldProblem[] = [];
  const checkMonitor = (path: string, monitor: string | undefined) => {
    if (monitor === undefined || available.includes(monitor)) return;
    const why = monitor.startsWith("val_") && !context.hasValidation && base.includes(monitor.slice(4))
      ? `"${monitor}" needs validation data (dataset.validationSplit > 0)`
      : `"${monitor}" is not reported by this model`;
    problems.push({ path, message: `${why}; available: ${available.join(", ")}` });
  };
  checkMonitor("training.earlyStopping.monitor", training.earlyStopping?.monitor);
  const schedule = training.learningRateSchedule;
  checkMonitor("training.learningRateSchedule.monitor", schedule?.type === "reduceOnPlateau" ? schedule.monitor : undefined);
  checkMonitor("training.modelSelection.monitor", training.modelSelection?.monitor);
  if (training.momentum > 0 && !momentumOptimizers.includes(training.optimizer)) {
    problems.push({
      path: "training.momentum",
      message: `momentum applies to ${momentumOptimizers.join(" and ")}, not ${training.optimizer}`,
    });
  }
  if (training.nesterov && !(training.optimizer === "sgd" && training.momentum > 0)) {
    problems.push({ path: "training.nesterov", message: "nesterov needs optimizer sgd with momentum > 0" });
  }
  if (problems.length > 0) {
    throw new InvalidInputError(problems.map((p) => `${p.path}: ${p.message}`).join("; "), problems);
  }
}
export { resolveLoss } from "./resolve-loss.js";
