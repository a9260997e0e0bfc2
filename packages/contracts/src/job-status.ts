import { z } from "zod";

export const jobStatuses = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLING", "CANCELLED"] as const;
export const jobStatusSchema = z.enum(jobStatuses);
export type JobStatus = z.infer<typeof jobStatusSchema>;

/**
 * Where a job is within its status (as SageMaker's secondary status): PENDING (queued), INTERRUPTED
 * (queued again after a lost or failed attempt); while RUNNING: STARTING, LOADING_DATA, RESUMING
 * (from a checkpoint), TRAINING, EVALUATING (on the evaluation dataset), CHECKPOINTING, UPLOADING
 * (the model); STOPPING (CANCELLING); and at the end COMPLETED, FAILED, MAX_RUNTIME_EXCEEDED,
 * STOPPED (CANCELLED). Which ones a status allows is in @trainyard/domain's transition table.
 */
export const jobSecondaryStatuses = [
  "PENDING",
  "INTERRUPTED",
  "STARTING",
  "LOADING_DATA",
  "RESUMING",
  "TRAINING",
  "EVALUATING",
  "CHECKPOINTING",
  "UPLOADING",
  "STOPPING",
  "COMPLETED",
  "FAILED",
  "MAX_RUNTIME_EXCEEDED",
  "STOPPED",
] as const;
export const jobSecondaryStatusSchema = z.enum(jobSecondaryStatuses);
export type JobSecondaryStatus = z.infer<typeof jobSecondaryStatusSchema>;

/** Where a running job is, updated at most a few times a second. */
export const jobProgressSchema = z.object({
  epoch: z.int().min(0),
  epochs: z.int().min(0),
  batch: z.int().min(0),
  batches: z.int().min(0),
  /** With cross-validation: the fold being trained (1-based), or folds + 1 for the final model. */
  fold: z.int().min(1).optional(),
  folds: z.int().min(1).optional(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

/** Metric name -> value (loss, accuracy, val_loss, val_accuracy, ...). */
export const metricValuesSchema = z.record(z.string(), z.number());
export type MetricValues = z.infer<typeof metricValuesSchema>;

/** Cross-validation results: each fold's final metrics, and their mean and (population) standard deviation. */
export const crossValidationResultSchema = z.object({
  folds: z.array(z.object({ fold: z.int(), metrics: metricValuesSchema })),
  mean: metricValuesSchema,
  std: metricValuesSchema,
  /** "all": the job's model was trained on all data afterwards; "best": it is this fold's model. */
  select: z.enum(["all", "best"]),
  selectedFold: z.int().nullable(),
});
export type CrossValidationResult = z.infer<typeof crossValidationResultSchema>;
