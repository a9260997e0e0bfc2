import type { CrossValidationResult, JobProgress, JobSecondaryStatus, JobSpec, JobStatus, MetricValues } from "@trainyard/contracts";
import { jobSecondaryStatusSchema, metricValuesSchema } from "@trainyard/contracts";
import { InvalidInputError, statusesAllowing, type EpochMetricRecord, type JobEventRecord, type JobPage, type JobRecord, type JobRepository } from "@trainyard/domain";
import { Prisma, type PrismaClient } from "../generated/prisma/client.js";
import { encodeJobCursor, parseJobCursor } from "./job-cursor.js";
import { parseStoredValue } from "./parse-stored-value.js";
import { toJobRecord } from "./to-job-record.js";
import { transitionJob } from "./transition-job.js";

/** Largest page `list` returns. */
const maxPageSize = 1000;
/** Bounded retries of requestCancel when the job changes status between the read and the update. */
const cancelAttempts = 3;

/** Jobs, their status events and epoch metrics in Postgres, through Prisma. */
export class PrismaJobRepository implements JobRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(input: { id: string; tenantId: string; datasetId: string; datasetSha256: string; spec: JobSpec }): Promise<JobRecord> {
    // A nested create: Prisma writes the job and its first event in one transaction.
    const row = await this.prisma.job.create({
      data: {
        id: input.id,
        tenantId: input.tenantId,
        datasetId: input.datasetId,
        datasetSha256: input.datasetSha256,
        spec: input.spec as Prisma.InputJsonObject,
        status: "QUEUED",
        secondaryStatus: "PENDING",
        events: { create: { status: "QUEUED", secondaryStatus: "PENDING", attempt: 0 } },
      },
    });
    return toJobRecord(row);
  }

  async findById(tenantId: string, id: string): Promise<JobRecord | null> {
    const row = await this.prisma.job.findFirst({ where: { id, tenantId } });
    return row === null ? null : toJobRecord(row);
  }

  async findByIdForWorker(id: string): Promise<JobRecord | null> {
    const row = await this.prisma.job.findUnique({ where: { id } });
    return row === null ? null : toJobRecord(row);
  }

  /**
   * Keyset pagination on (createdAt desc, id desc): a page never repeats or skips a job when jobs
   * are added meanwhile. `limit` must be an integer from 1 to 1000.
   * @throws InvalidInputError naming `query.cursor` for a cursor this method did not make, or `query.limit`.
   */
  async list(
    tenantId: string,
    query: { status?: JobStatus | undefined; limit: number; cursor?: string | undefined },
  ): Promise<JobPage> {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > maxPageSize) {
      throw InvalidInputError.forField("query.limit", `must be an integer from 1 to ${maxPageSize}, got ${query.limit}`);
    }
    const after = query.cursor === undefined ? undefined : parseJobCursor(query.cursor);
    const rows = await this.prisma.job.findMany({
      where: {
        tenantId,
        status: query.status,
        ...(after === undefined
          ? {}
          : { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toJobRecord),
      nextCursor: rows.length > query.limit && last !== undefined ? encodeJobCursor(last) : null,
    };
  }

  async markRunning(id: string, input: { workerId: string; backend: string }): Promise<JobRecord | null> {
    return await transitionJob(this.prisma, {
      id,
      to: "RUNNING",
      from: ["QUEUED", "RUNNING"],
      data: { workerId: input.workerId, backend: input.backend, incrementAttempts: true },
      setStartedAtOnce: true,
    });
  }

  async requestCancel(tenantId: string, id: string): Promise<JobRecord | null> {
    for (let attempt = 0; attempt < cancelAttempts; attempt++) {
      const job = await this.findById(tenantId, id);
      if (job === null) return null;
      const now = new Date();
      let changed: JobRecord | null;
      switch (job.status) {
        case "QUEUED":
          changed = await transitionJob(this.prisma, {
            id,
            tenantId,
            to: "CANCELLED",
            from: ["QUEUED"],
            reason: "cancelled before it started",
            data: { cancelRequestedAt: now, finishedAt: now },
          });
          break;
        case "RUNNING":
          changed = await transitionJob(this.prisma, {
            id,
            tenantId,
            to: "CANCELLING",
            from: ["RUNNING"],
            reason: "cancel requested",
            data: { cancelRequestedAt: now },
          });
          break;
        case "CANCELLING":
          return job;
        default:
          return null;
      }
      if (changed !== null) return changed;
      // The job changed status between the read and the update (a worker took or finished it): look again.
    }
    return null;
  }

  async finish(id: string, status: "SUCCEEDED" | "FAILED" | "CANCELLED", reason?: string, secondary?: JobSecondaryStatus): Promise<JobRecord | null> {
    return await transitionJob(this.prisma, {
      id,
      to: status,
      from: ["RUNNING", "CANCELLING"],
      reason,
      data: { finishedAt: new Date() },
      ...(secondary === undefined ? {} : { secondary }),
    });
  }

  async addRuntime(id: string, seconds: number): Promise<void> {
    if (!(seconds >= 0 && Number.isFinite(seconds))) throw new RangeError(`runtime to add must be a finite number >= 0, got ${seconds}`);
    await this.prisma.job.updateMany({ where: { id }, data: { runtimeSeconds: { increment: seconds } } });
  }

  async fail(id: string, reason: string): Promise<JobRecord | null> {
    return await transitionJob(this.prisma, {
      id,
      to: "FAILED",
      from: ["QUEUED", "RUNNING", "CANCELLING"],
      reason,
      data: { finishedAt: new Date() },
    });
  }

  async requeue(id: string, reason: string): Promise<JobRecord | null> {
    return await transitionJob(this.prisma, { id, to: "QUEUED", from: ["RUNNING"], reason, secondary: "INTERRUPTED" });
  }

  async resume(tenantId: string, id: string, reason: string): Promise<JobRecord | null> {
    return await transitionJob(this.prisma, {
      id,
      tenantId,
      to: "QUEUED",
      from: ["FAILED", "CANCELLED"],
      reason,
      data: { finishedAt: null, cancelRequestedAt: null, clearProgress: true, runtimeSeconds: 0 },
    });
  }

  async setSecondaryStatus(id: string, secondary: JobSecondaryStatus, reason?: string): Promise<boolean> {
    // One statement (update and event together), like transitionJob: this runs several times per job.
    const allowed = statusesAllowing(secondary);
    const changed = await this.prisma.$executeRaw`
      WITH changed AS (
        UPDATE "jobs" SET "secondary_status" = ${secondary}, "updated_at" = now()
        WHERE "id" = ${id}::uuid AND "status"::text IN (${Prisma.join(allowed)}) AND "secondary_status" <> ${secondary}
        RETURNING "id", "status", "worker_id", "attempts"
      )
      INSERT INTO "job_events" ("job_id", "status", "secondary_status", "reason", "worker_id", "attempt")
      SELECT "id", "status", ${secondary}, ${reason ?? null}, "worker_id", "attempts" FROM changed`;
    return changed > 0;
  }

  async listEvents(id: string): Promise<JobEventRecord[]> {
    const rows = await this.prisma.jobEvent.findMany({ where: { jobId: id }, orderBy: { id: "asc" } });
    return rows.map((row) => ({
      id: row.id.toString(),
      status: row.status,
      secondaryStatus: row.secondaryStatus === null ? null : parseStoredValue(jobSecondaryStatusSchema, row.secondaryStatus, `job_events.secondary_status of job ${id}`),
      reason: row.reason,
      workerId: row.workerId,
      attempt: row.attempt,
      createdAt: row.createdAt,
    }));
  }

  async listUnfinished(query: { updatedBefore: Date; limit: number }): Promise<JobRecord[]> {
    const rows = await this.prisma.job.findMany({
      where: { status: { in: ["QUEUED", "RUNNING", "CANCELLING"] }, updatedAt: { lt: query.updatedBefore } },
      orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
      take: query.limit,
    });
    return rows.map(toJobRecord);
  }

  async meanRunMs(sampleSize: number): Promise<number | null> {
    const rows = await this.prisma.job.findMany({
      where: { status: "SUCCEEDED", startedAt: { not: null }, finishedAt: { not: null } },
      select: { startedAt: true, finishedAt: true },
      orderBy: { finishedAt: "desc" },
      take: sampleSize,
    });
    const runs = rows.map((row) => (row.finishedAt?.getTime() ?? 0) - (row.startedAt?.getTime() ?? 0));
    return runs.length === 0 ? null : runs.reduce((sum, ms) => sum + ms, 0) / runs.length;
  }

  async updateProgress(id: string, progress: JobProgress): Promise<void> {
    await this.prisma.job.updateMany({
      where: { id, status: { in: ["RUNNING", "CANCELLING"] } },
      data: { progress: progress as Prisma.InputJsonObject },
    });
  }

  async recordEpoch(id: string, epoch: number, values: MetricValues): Promise<void> {
    const bad = Object.entries(values).filter(([, value]) => !Number.isFinite(value));
    // JSON has no NaN or Infinity: storing one would leave a row that no longer parses.
    if (bad.length > 0) throw new RangeError(`epoch ${epoch} metrics are not finite: ${bad.map(([name]) => name).join(", ")}`);
    const json = values as Prisma.InputJsonObject;
    await this.prisma.$transaction([
      this.prisma.epochMetric.upsert({
        where: { jobId_epoch: { jobId: id, epoch } },
        create: { jobId: id, epoch, values: json },
        update: { values: json },
      }),
      this.prisma.job.update({ where: { id }, data: { latestMetrics: json } }),
    ]);
  }

  async recordTestMetrics(id: string, metrics: MetricValues): Promise<void> {
    const bad = Object.entries(metrics).filter(([, value]) => !Number.isFinite(value));
    if (bad.length > 0) throw new RangeError(`test metrics are not finite: ${bad.map(([name]) => name).join(", ")}`);
    await this.prisma.job.update({ where: { id }, data: { testMetrics: metrics as Prisma.InputJsonObject } });
  }

  async recordCrossValidation(id: string, result: CrossValidationResult): Promise<void> {
    await this.prisma.job.update({ where: { id }, data: { crossValidation: result as unknown as Prisma.InputJsonObject } });
  }

  async listMetrics(id: string): Promise<EpochMetricRecord[]> {
    const rows = await this.prisma.epochMetric.findMany({ where: { jobId: id }, orderBy: { epoch: "asc" } });
    return rows.map((row) => ({
      epoch: row.epoch,
      values: parseStoredValue(metricValuesSchema, row.values, `epoch_metrics.values of job ${id} epoch ${row.epoch}`),
      createdAt: row.createdAt,
    }));
  }
}
