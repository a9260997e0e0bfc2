import type { JobSpec } from "@trainyard/contracts";
import { InvalidInputError, type DatasetRecord, type DatasetRepository } from "@trainyard/domain";
import { planModel, type ModelPlan } from "@trainyard/training/plan";
import { checkTrainingOptions, resolveLoss } from "@trainyard/training/check-training-options";
import { refuseStreaming } from "@trainyard/training/refuse-streaming";
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
  if (dataset.status !== "READY") {
    const why = dataset.status === "PENDING" ? "is still being read and checked; submit when it is READY" : `is INVALID: ${dataset.statusReason ?? "unknown reason"}`;
    throw InvalidInputError.forField("body.dataset.id", `dataset ${dataset.id} ${why}`);
  }
  if (dataset.dtype === "text" && spec.model.type !== "rnn") {
    throw InvalidInputError.forField("body.model.type", `dataset ${dataset.id} holds raw text, which trains with model type "rnn" (it builds the vocabulary); got "${spec.model.type}"`);
  }
  checkStreamable(spec, dataset, "dataset.id", limits);
  for (const field of ["validation", "evaluation"] as const) {
    const ref = spec[field];
    if (ref !== undefined) {
      const other = await checkCompanionDataset(deps.datasets, tenantId, dataset, ref.datasetId, `body.${field}.datasetId`);
      checkStreamable(spec, other, `${field}.datasetId`, limits);
    }
  }
  const hasValidation = checkValidationSetup(spec, dataset.count);
  checkTokenIds(spec, dataset);
  if (spec.model.type === "gan") refuseGanOptions(spec);
  const plan = inBody(() => {
    checkTrainingOptions(spec.training, { hasValidation });
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

/**
 * How the job validates: a split of its dataset, another dataset, or k folds. Returns whether the
 * final model's training sees validation data (what val_* monitors need).
 */
function checkValidationSetup(spec: JobSpec, count: number): boolean {
  const cv = spec.crossValidation;
  if (spec.checkpoint !== undefined && spec.checkpoint.everyEpochs > 0 && (spec.model.type === "gan" || cv !== undefined || spec.training.optimizer === "adamax")) {
    const what = spec.model.type === "gan" ? "model type gan" : cv !== undefined ? "crossValidation" : "optimizer adamax";
    throw InvalidInputError.forField("body.checkpoint", `checkpoints are not supported with ${what} yet; leave checkpoint out (such a job restarts from epoch 1 if its worker is lost)`);
  }
  if (spec.model.type === "gan") {
    for (const field of ["validation", "crossValidation"] as const) {
      if (spec[field] !== undefined) throw InvalidInputError.forField(`body.${field}`, "is not supported for model type gan: it trains on every sample");
    }
    return false;
  }
  if (cv !== undefined) {
    if (spec.validation !== undefined) throw InvalidInputError.forField("body.crossValidation", "cannot be combined with validation: the folds are the validation sets");
    if (count < cv.folds * 2) throw InvalidInputError.forField("body.crossValidation.folds", `${cv.folds} folds need at least ${cv.folds * 2} samples; the dataset has ${count}`);
    // With select "all" the final model trains on all the data, so it has no validation data.
    return cv.select === "best";
  }
  if (spec.validation !== undefined) return true;
  const validationCount = Math.floor(count * spec.dataset.validationSplit);
  if (count - validationCount < 1) {
    throw InvalidInputError.forField("body.dataset.validationSplit", `leaves no training samples out of ${count}`);
  }
  return validationCount > 0;
}

/**
 * A dataset over MAX_IN_MEMORY_MB is streamed by the worker; what cannot be streamed (text, a gan,
 * cross-validation) is refused here, naming the field and both sizes.
 */
function checkStreamable(spec: JobSpec, dataset: DatasetRecord, field: "dataset.id" | "validation.datasetId" | "evaluation.datasetId", limits: JobLimits): void {
  const refusal = refuseStreaming({ spec, dataset, field, maxInMemoryMB: limits.maxInMemoryMB ?? defaultMaxInMemoryMB });
  if (refusal !== null) throw InvalidInputError.forField(`body.${refusal.field}`, refusal.message);
}

/** MAX_IN_MEMORY_MB's default, for callers that give no limit. */
const defaultMaxInMemoryMB = 1024;

/** A validation or evaluation dataset must be the tenant's and hold samples the model can take. */
async function checkCompanionDataset(datasets: DatasetRepository, tenantId: string, main: DatasetRecord, id: string, path: string): Promise<DatasetRecord> {
  const other = await datasets.findById(tenantId, id);
  if (other === null) throw InvalidInputError.forField(path, `dataset ${id} not found`);
  if (other.status !== "READY") throw InvalidInputError.forField(path, `dataset ${id} is ${other.status}; it must be READY`);
  const sameShape = other.dtype === main.dtype && other.featureShape.join("x") === main.featureShape.join("x");
  if (!sameShape) {
    throw InvalidInputError.forField(path, `dataset ${id} holds ${other.dtype} samples of shape [${other.featureShape.join(", ")}]; the training dataset holds ${main.dtype} [${main.featureShape.join(", ")}]`);
  }
  if (other.numClasses > main.numClasses) {
    throw InvalidInputError.forField(path, `dataset ${id} has ${other.numClasses} classes; the training dataset has ${main.numClasses}`);
  }
  return other;
}

/** Token ids of a pre-tokenized dataset must be below the model's vocabulary size. */
function checkTokenIds(spec: JobSpec, dataset: DatasetRecord): void {
  if (dataset.maxTokenId === null) return;
  const { model } = spec;
  const first = model.type === "sequential" ? model.layers[0] : undefined;
  const [vocabulary, path] =
    model.type === "rnn" ? [model.vocabSize, "body.model.vocabSize"] : first?.type === "embedding" ? [first.inputDim, "body.model.layers.0.inputDim"] : [undefined, ""];
  if (vocabulary !== undefined && dataset.maxTokenId >= vocabulary) {
    throw InvalidInputError.forField(path, `is ${vocabulary}, but dataset ${dataset.id} has token id ${dataset.maxTokenId}; it must be at least ${dataset.maxTokenId + 1}`);
  }
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
