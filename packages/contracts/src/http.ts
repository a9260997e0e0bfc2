import { z } from "zod";
import { datasetSchema } from "./dataset.js";
import { jobSpecSchema } from "./job-spec.js";
import { crossValidationResultSchema, jobProgressSchema, jobSecondaryStatusSchema, jobStatusSchema, metricValuesSchema } from "./job-status.js";

export const errorResponseSchema = z.object({
  statusCode: z.int(),
  error: z.string(),
  message: z.string(),
  /** One entry per invalid field, when the error is about the request's content. */
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

export const createApiKeyBodySchema = z.object({ tenant: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/) }).strict();
export const createApiKeyResponseSchema = z.object({ key: z.string(), tenant: z.string(), prefix: z.string() });

export const idParamsSchema = z.object({ id: z.uuid() });

/**
 * A waiting job's place in the queue. Every tenant's jobs count (none is named): the queue is shared.
 * Jobs are taken by priority (higher first), then in submit order.
 */
export const jobQueuePositionSchema = z.object({
  /** 1 = the next job a free worker slot takes; n = n - 1 waiting jobs are taken before it. */
  position: z.int().min(1),
  /** Jobs that take a worker slot before this one: those running now plus the position - 1 waiting ahead. */
  ahead: z.int().min(0),
  /**
   * now + ahead x (mean run time, startedAt to finishedAt, of the last 50 SUCCEEDED jobs) / (slots of the
   * alive workers). A rough guide: null until a job has succeeded, or while no worker is alive.
   */
  estimatedStartAt: z.iso.datetime().nullable(),
});
export type JobQueuePosition = z.infer<typeof jobQueuePositionSchema>;

export const jobSchema = z.object({
  id: z.uuid(),
  status: jobStatusSchema,
  /** Where the job is within its status: PENDING, LOADING_DATA, TRAINING, UPLOADING, COMPLETED, ... */
  secondaryStatus: jobSecondaryStatusSchema,
  statusReason: z.string().nullable(),
  spec: jobSpecSchema,
  datasetId: z.uuid(),
  /** sha256 of the exact dataset version the job trains on. */
  datasetSha256: z.string().nullable(),
  progress: jobProgressSchema.nullable(),
  metrics: metricValuesSchema.nullable(),
  /** The final model's metrics on the evaluation dataset, when the spec names one. */
  testMetrics: metricValuesSchema.nullable(),
  /** Per-fold results, when the spec asks for cross-validation. */
  crossValidation: crossValidationResultSchema.nullable(),
  backend: z.string().nullable(),
  attempts: z.int(),
  /** Seconds of training so far, across all attempts (what stoppingCondition.maxRuntimeSeconds counts). */
  runtimeSeconds: z.number(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
  /** Where the trained model can be downloaded once the job SUCCEEDED. */
  modelUrl: z.string().nullable(),
  /** Only on GET /v1/jobs/:id: where the job stands in the queue while QUEUED and waiting there; null otherwise. */
  queue: jobQueuePositionSchema.nullable().optional(),
});
export type JobView = z.infer<typeof jobSchema>;

export const listJobsQuerySchema = z
  .object({
    status: jobStatusSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    /** Opaque cursor from the previous page's nextCursor. */
    cursor: z.string().min(1).optional(),
  })
  .strict();
export type ListJobsQuery = z.infer<typeof listJobsQuerySchema>;

export const jobListSchema = z.object({ items: z.array(jobSchema), nextCursor: z.string().nullable() });

/** One change of a job's status or secondary status, with who made it and why. */
export const jobEventSchema = z.object({
  status: jobStatusSchema,
  /** null on events recorded before secondary statuses existed. */
  secondaryStatus: jobSecondaryStatusSchema.nullable(),
  reason: z.string().nullable(),
  /** The worker that held the job at the change (null before any did). */
  workerId: z.string().nullable(),
  /** The job's attempt count at the change (0 before it first ran). */
  attempt: z.int(),
  createdAt: z.iso.datetime(),
});
export const jobEventListSchema = z.object({ items: z.array(jobEventSchema) });
export type JobEventView = z.infer<typeof jobEventSchema>;

export const epochMetricSchema = z.object({ epoch: z.int(), values: metricValuesSchema, createdAt: z.iso.datetime() });
export const jobMetricsSchema = z.object({ items: z.array(epochMetricSchema) });

/** The resolved architecture of a job's model on its dataset (POST /v1/jobs/validate). */
export const modelPlanSchema = z.object({
  /** One sample's shape as the model sees it, no batch dimension. */
  inputShape: z.array(z.int()),
  layers: z.array(
    z.object({
      name: z.string(),
      className: z.string(),
      /** Batch dimension first (null). */
      outputShape: z.array(z.int().nullable()),
      params: z.int(),
    }),
  ),
  totalParams: z.int(),
  /** The loss training will minimise unless training.loss says otherwise. */
  loss: z.string(),
});
export const validateJobResponseSchema = z.object({ valid: z.literal(true), model: modelPlanSchema, spec: jobSpecSchema });

export const artifactSchema = z.object({
  /** Path within the job, e.g. model/model.json or samples/epoch-0001.png. */
  path: z.string(),
  kind: z.string(),
  sizeBytes: z.int(),
  url: z.string(),
  createdAt: z.iso.datetime(),
});
export const artifactListSchema = z.object({ items: z.array(artifactSchema) });

/** A saved training state of a job after one epoch; its model downloads like the final model. */
export const checkpointSchema = z.object({
  /** Epochs completed. */
  epoch: z.int(),
  /** Batches of the next epoch completed: 0 at an epoch's end; more when a stopping worker (SIGTERM) wrote it. */
  batch: z.int(),
  /** The attempt that wrote it. */
  attempt: z.int(),
  /** That epoch's metrics. */
  metrics: metricValuesSchema,
  sizeBytes: z.int(),
  createdAt: z.iso.datetime(),
  /** The checkpoint's model.json: `tf.loadLayersModel(url)` loads it (weights.bin sits beside it). */
  modelUrl: z.string(),
  /** Its files: model.json, weights.bin (and vocab.json for text models), state.json and state.bin (optimizer, random streams, data order). */
  files: z.array(artifactSchema),
});
export const checkpointListSchema = z.object({ items: z.array(checkpointSchema) });

export const datasetListSchema = z.object({ items: z.array(datasetSchema) });
