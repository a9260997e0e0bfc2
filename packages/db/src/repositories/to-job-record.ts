import { crossValidationResultSchema, jobProgressSchema, jobSecondaryStatusSchema, jobSpecSchema, metricValuesSchema } from "@trainyard/contracts";
import type { JobRecord } from "@trainyard/domain";
import type { Job } from "../generated/prisma/client.js";
import { parseStoredValue } from "./parse-stored-value.js";

/** Maps a `jobs` row to the domain record, validating its Json columns. */
export function toJobRecord(row: Job): JobRecord {
  const what = (column: string): string => `jobs.${column} of job ${row.id}`;
  return {
    id: row.id,
    tenantId: row.tenantId,
    datasetId: row.datasetId,
    datasetSha256: row.datasetSha256,
    status: row.status,
    secondaryStatus: parseStoredValue(jobSecondaryStatusSchema, row.secondaryStatus, what("secondary_status")),
    statusReason: row.statusReason,
    spec: parseStoredValue(jobSpecSchema, row.spec, what("spec")),
    progress: row.progress === null ? null : parseStoredValue(jobProgressSchema, row.progress, what("progress")),
    latestMetrics:
      row.latestMetrics === null ? null : parseStoredValue(metricValuesSchema, row.latestMetrics, what("latest_metrics")),
    testMetrics: row.testMetrics === null ? null : parseStoredValue(metricValuesSchema, row.testMetrics, what("test_metrics")),
    crossValidation:
      row.crossValidation === null
        ? null
        : parseStoredValue(crossValidationResultSchema, row.crossValidation, what("cross_validation")),
    backend: row.backend,
    workerId: row.workerId,
    attempts: row.attempts,
    runtimeSeconds: row.runtimeSeconds,
    cancelRequestedAt: row.cancelRequestedAt,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    updatedAt: row.updatedAt,
  };
}
