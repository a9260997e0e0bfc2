import { z } from "zod";
import { modelSpecSchema } from "./model-spec/index.js";

export { modelSpecSchema, type ModelSpec } from "./model-spec/index.js";

export const optimizerNames = ["sgd", "adam", "rmsprop", "adagrad", "adadelta", "adamax"] as const;
export type OptimizerName = (typeof optimizerNames)[number];

export const datasetRefSchema = z
  .object({
    /** Id of a dataset of the caller's tenant. */
    id: z.uuid(),
    /** Fraction of the samples held out for validation, default 0.1. Seeded by training.seed. */
    validationSplit: z.number().min(0).max(0.5).default(0.1),
    /** Keep each class's share the same in the training and validation parts, default false. */
    stratify: z.boolean().default(false),
  })
  .strict();

export const lossNames = ["sparseCategoricalCrossentropy", "binaryCrossentropy", "meanSquaredError"] as const;

/** A metric an option watches: loss, accuracy, val_loss, val_accuracy (GAN: d_loss, g_loss). */
const monitorSchema = z.enum(["loss", "accuracy", "val_loss", "val_accuracy", "d_loss", "g_loss"]);
/** Whether smaller or larger is better; auto: larger for accuracies, smaller for losses. */
const modeSchema = z.enum(["auto", "min", "max"]).default("auto");

export const earlyStoppingSchema = z
  .object({
    /** Metric watched, default val_loss. */
    monitor: monitorSchema.default("val_loss"),
    /** Epochs without improvement before stopping, default 3. */
    patience: z.int().min(0).max(1000).default(3),
    /** Smallest change that counts as an improvement, default 0. */
    minDelta: z.number().min(0).default(0),
    mode: modeSchema,
    /** Put back the best epoch's weights when stopping, default false. */
    restoreBestWeights: z.boolean().default(false),
  })
  .strict();

export const learningRateScheduleSchema = z.discriminatedUnion("type", [
  z
    .object({
      /** Multiply the learning rate by `factor` every `everyEpochs` epochs. */
      type: z.literal("stepDecay"),
      everyEpochs: z.int().min(1).max(1000),
      factor: z.number().gt(0).lt(1),
    })
    .strict(),
  z
    .object({
      /** Multiply the learning rate by `factor` when `monitor` has not improved for `patience` epochs. */
      type: z.literal("reduceOnPlateau"),
      monitor: monitorSchema.default("val_loss"),
      factor: z.number().gt(0).lt(1).default(0.1),
      patience: z.int().min(0).max(1000).default(2),
      minDelta: z.number().min(0).default(0),
      mode: modeSchema,
      /** Never below this, default 0. */
      minLearningRate: z.number().min(0).default(0),
    })
    .strict(),
]);

export const modelSelectionSchema = z
  .object({
    /** Export the weights of the epoch where this metric was best instead of the last epoch's. */
    monitor: monitorSchema.default("val_loss"),
    mode: modeSchema,
  })
  .strict();

export const trainingSpecSchema = z
  .object({
    /** Passes over the training data, default 1. */
    epochs: z.int().min(1).max(1000).default(1),
    /** Samples per gradient step, default 32. */
    batchSize: z.int().min(1).max(4096).default(32),
    /** Optimizer, default adam. */
    optimizer: z.enum(optimizerNames).default("adam"),
    /** Learning rate, default 0.001. */
    learningRate: z.number().gt(0).max(10).default(0.001),
    /** Momentum of sgd and rmsprop, default 0. */
    momentum: z.number().min(0).lt(1).default(0),
    /** Nesterov momentum (sgd with momentum > 0), default false. */
    nesterov: z.boolean().default(false),
    /** Loss; default from the task: sparse categorical cross-entropy, or binary cross-entropy for a 1-unit sigmoid output. */
    loss: z.enum(lossNames).optional(),
    /** Stop when a metric stops improving. */
    earlyStopping: earlyStoppingSchema.optional(),
    /** Change the learning rate during training. */
    learningRateSchedule: learningRateScheduleSchema.optional(),
    /** Export the best epoch's weights instead of the last's. */
    modelSelection: modelSelectionSchema.optional(),
    /** Shuffle the training samples every epoch, default true. */
    shuffle: z.boolean().default(true),
    /** Seed for weight initialisation and shuffling; random when absent. */
    seed: z.int().min(0).max(2 ** 31 - 1).optional(),
  })
  .strict();

/** Body of POST /v1/jobs and the spec stored on the job row. */
/** Another dataset of the tenant, with the same sample shape and kind as the training dataset. */
const otherDatasetSchema = z.object({ datasetId: z.uuid() }).strict();

export const crossValidationSchema = z
  .object({
    /** Number of folds k: k models are trained, each validated on one fold. */
    folds: z.int().min(2).max(10),
    /**
     * The job's model: "all" (default) is trained afterwards on all the data with the same settings;
     * "best" is the fold model with the best final val_loss.
     */
    select: z.enum(["all", "best"]).default("all"),
  })
  .strict();

/**
 * Checkpoints: the training state saved every `everyEpochs` epochs (not after the last), so that a
 * job whose worker is lost continues where it was instead of starting over. Absent: every epoch,
 * keeping the last 2. `everyEpochs: 0` turns them off. Not taken by GAN, cross-validation and
 * Adamax jobs (they start over when their worker is lost).
 */
export const checkpointSpecSchema = z
  .object({
    /** Epochs between checkpoints, default 1; 0: none. */
    everyEpochs: z.int().min(0).max(1000).default(1),
    /** Checkpoints kept: the newest `keepLast` (default 2), older ones are deleted. */
    keepLast: z.int().min(1).max(100).default(2),
    /** Also keep the checkpoint of the best epoch (modelSelection's monitor, else val_loss or loss), default false. */
    keepBest: z.boolean().default(false),
  })
  .strict();
export type CheckpointSpec = z.infer<typeof checkpointSpecSchema>;

/**
 * When to stop a job whatever its progress: `maxRuntimeSeconds` of training, counted across all its
 * attempts (time spent queued does not count). Past it the job stops within a batch and ends FAILED
 * with secondary status MAX_RUNTIME_EXCEEDED; its checkpoints stay, and POST /v1/jobs/:id/resume
 * continues with a new budget.
 */
export const stoppingConditionSchema = z
  .object({
    /** Most seconds of training across all attempts, 1 to 30 days. */
    maxRuntimeSeconds: z.int().min(1).max(30 * 24 * 3600),
  })
  .strict();

/** Highest job priority (the most urgent); 0 is the lowest. */
export const maxJobPriority = 10;
/** Priority of a job whose spec names none. */
export const defaultJobPriority = 5;

export const jobSpecSchema = z
  .object({
    model: modelSpecSchema,
    dataset: datasetRefSchema,
    training: trainingSpecSchema.prefault({}),
    /** Scheduling priority, 0 to 10, default 5: a higher one starts first, equal ones in submit order. */
    priority: z.int().min(0).max(maxJobPriority).default(defaultJobPriority),
    /**
     * Attempts the job gets, 1 to 10, default 3: an attempt that fails for an infrastructure reason
     * (storage or database gone, worker lost) is retried with backoff (5 s, 10 s, 20 s, ...) from the
     * newest checkpoint; a user error (NaN loss, data that does not fit) fails the job at once.
     */
    maxAttempts: z.int().min(1).max(10).default(3),
    /** Validate on this dataset instead of a split of the training dataset (validationSplit is then ignored). */
    validation: otherDatasetSchema.optional(),
    /** After training, evaluate the final model on this held-out test set; the job shows testMetrics. */
    evaluation: otherDatasetSchema.optional(),
    /** k-fold cross-validation: each fold's final metrics, their mean and standard deviation, on the job. */
    crossValidation: crossValidationSchema.optional(),
    /** Checkpoints of the training state (default: every epoch, the last 2 kept). */
    checkpoint: checkpointSpecSchema.optional(),
    /** Stop the job after this much training time (none by default). */
    stoppingCondition: stoppingConditionSchema.optional(),
  })
  .strict();

/** The spec as submitted (defaults may be missing). */
export type JobSpecInput = z.input<typeof jobSpecSchema>;
/** The spec with every default filled in: what workers read. */
export type JobSpec = z.infer<typeof jobSpecSchema>;
export type TrainingSpec = z.infer<typeof trainingSpecSchema>;
