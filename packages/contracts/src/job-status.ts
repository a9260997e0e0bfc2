import { z } from "zod";

export const jobStatuses = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLING", "CANCELLED"] as const;
export const jobStatusSchema = z.enum(jobStatuses);
export type JobStatus = z.infer<typeof jobStatusSchema>;

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
