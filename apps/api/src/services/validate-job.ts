import type { JobSpec } from "@trainyard/contracts";
import { InvalidInputError, type DatasetRecord, type DatasetRepository } from "@trainyard/domain";
import { planModel, type ModelPlan } from "@trainyard/training/plan";
import { checkTrainingOptions, resolveLoss } from "@trainyard/training/check-training-options";
import type { JobLimits } from "../app-dependencies.js";

/**
 * Everything a job must satisfy before it is queued, so that invalid specs never reach a worker:
 * the dataset exists and is the caller's, the limits hold, the options make sense together, and the
 * model fits the dataset (planned without allocating weights). Errors name the request's field.
 */
export async function validateJobSpec(
  deps: { datasets: DatasetRepository; jobLimits: JobLimits },
  tenantId: string,
  spec: JobSpec,
): Promise<{ dataset: DatasetRecord; plan: ModelPlan }> {
  const limits = deps.jobLimits;
  if (spec.training.epochs > limits.maxEpochs) {
    throw InvalidInputError.forField("body.training.epochs", `${spec.training.epochs} is over this service's limit of ${limits.maxEpochs}`);
  }
  if (spec.training.batchSize > limits.maxBatchSize) {
    throw InvalidInputError.forField("body.training.batchSize", `${spec.training.batchSize} is over this service's limit of ${limits.maxBatchSize}`);
  }
  const dataset = await deps.datasets.findById(tenantId, spec.dataset.id);
  if (dataset === null) throw InvalidInputError.forField("body.dataset.id", `dataset ${spec.dataset.id} not found`);
  const validationCount = spec.model.type === "gan" ? 0 : Math.floor(dataset.count * spec.dataset.validationSplit);
  if (dataset.count - validationCount < 1) {
    throw InvalidInputError.forField("body.dataset.validationSplit", `leaves no training samples out of ${dataset.count}`);
  }
  if (dataset.dtype === "text" && spec.model.type !== "rnn") {
    throw InvalidInputError.forField("body.model.type", `dataset ${dataset.id} holds raw text, which trains with model type "rnn" (it builds the vocabulary); got "${spec.model.type}"`);
  }
  if (spec.model.type === "gan") refuseGanOptions(spec);
  const plan = inBody(() => {
    checkTrainingOptions(spec.training, { hasValidation: validationCount > 0 });
    const planned = planModel(
      spec.model,
      { featureShape: dataset.featureShape, dtype: dataset.dtype, numClasses: dataset.numClasses },
      { maxParams: limits.maxParams, maxLayers: limits.maxLayers },
    );
    // The loss must suit the model's output (e.g. no sparse categorical loss on one sigmoid unit).
    if (spec.model.type !== "gan") resolveLoss(spec.training.loss, planned.output.units);
    return planned;
  });
  return { dataset, plan };
}

/** Training options the GAN trainer does not apply yet: refused rather than silently ignored. */
function refuseGanOptions(spec: JobSpec): void {
  for (const option of ["earlyStopping", "learningRateSchedule", "modelSelection", "loss"] as const) {
    if (spec.training[option] !== undefined) {
      throw InvalidInputError.forField(`body.training.${option}`, "is not supported for model type gan (its losses are fixed: d_loss and g_loss)");
    }
  }
  if (spec.dataset.stratify) {
    throw InvalidInputError.forField("body.dataset.stratify", "is not supported for model type gan: it trains on every sample, without a validation split");
  }
}

/** Runs `check`, re-addressing its InvalidInputError paths (`model.conv.0`) to the request body's. */
function inBody<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const details = error.details.map((d) => ({ path: `body.${d.path}`, message: d.message }));
    throw new InvalidInputError(details.map((d) => `${d.path}: ${d.message}`).join("; ") || error.message, details);
  }
}
