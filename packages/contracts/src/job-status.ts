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
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

/** Metric name -> value (loss, accuracy, val_loss, val_accuracy, ...). */
export const metricValuesSchema = z.record(z.string(), z.number());
export type MetricValues = z.infer<typeof metricValuesSchema>;
