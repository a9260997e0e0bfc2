import type { WorkerJob, WorkerList, WorkerRecord, WorkerRegistration, WorkerRegistry } from "@trainyard/domain";
import type { PrismaClient } from "../generated/prisma/client.js";

/**
 * Worker heartbeats in Postgres. Registering and beating are one `INSERT ... ON CONFLICT` each, stamped
 * with `now()` of the database rather than the worker's clock, so that hosts whose clocks disagree are
 * compared on one clock.
 */
export class PrismaWorkerRegistry implements WorkerRegistry {
  constructor(private readonly prisma: PrismaClient) {}

  async register(worker: WorkerRegistration): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO "workers" ("id", "host", "pid", "backend", "gpu", "concurrency", "current_job_ids", "started_at", "last_beat_at", "stopped_at")
      VALUES (${worker.id}, ${worker.host}, ${worker.pid}, ${worker.backend}, ${worker.gpu}, ${worker.concurrency}, '{}', now(), now(), NULL)
      ON CONFLICT ("id") DO UPDATE SET
        "host" = EXCLUDED."host", "pid" = EXCLUDED."pid", "backend" = EXCLUDED."backend", "gpu" = EXCLUDED."gpu",
        "concurrency" = EXCLUDED."concurrency", "current_job_ids" = '{}', "started_at" = now(), "last_beat_at" = now(), "stopped_at" = NULL`;
  }

  async beat(worker: WorkerRegistration, currentJobIds: readonly string[]): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO "workers" ("id", "host", "pid", "backend", "gpu", "concurrency", "current_job_ids", "started_at", "last_beat_at", "stopped_at")
      VALUES (${worker.id}, ${worker.host}, ${worker.pid}, ${worker.backend}, ${worker.gpu}, ${worker.concurrency}, ${[...currentJobIds]}::uuid[], now(), now(), NULL)
      ON CONFLICT ("id") DO UPDATE SET "current_job_ids" = EXCLUDED."current_job_ids", "last_beat_at" = now(), "stopped_at" = NULL`;
  }

  async markStopped(workerId: string): Promise<void> {
    await this.prisma.$executeRaw`UPDATE "workers" SET "stopped_at" = now(), "current_job_ids" = '{}' WHERE "id" = ${workerId}`;
  }

  async listRecent(seenWithinMs: number): Promise<WorkerList> {
    const [clock] = await this.prisma.$queryRaw<{ now: Date }[]>`SELECT now() AS "now"`;
    const checkedAt = clock?.now ?? new Date();
    const since = new Date(checkedAt.getTime() - seenWithinMs);
    const rows = await this.prisma.worker.findMany({
      where: { OR: [{ lastBeatAt: { gte: since } }, { stoppedAt: { gte: since } }] },
      orderBy: [{ lastBeatAt: "desc" }, { id: "asc" }],
    });
    const jobIds = [...new Set(rows.flatMap((row) => row.currentJobIds))];
    const owners =
      jobIds.length === 0 ? [] : await this.prisma.job.findMany({ where: { id: { in: jobIds } }, select: { id: true, tenantId: true } });
    const ownerOf = new Map(owners.map((job) => [job.id, job.tenantId]));
    const workers = rows.map(
      (row): WorkerRecord => ({
        id: row.id,
        host: row.host,
        pid: row.pid,
        backend: row.backend,
        gpu: row.gpu,
        concurrency: row.concurrency,
        currentJobs: row.currentJobIds.map((id): WorkerJob => ({ id, tenantId: ownerOf.get(id) ?? null })),
        startedAt: row.startedAt,
        lastBeatAt: row.lastBeatAt,
        stoppedAt: row.stoppedAt,
      }),
    );
    return { checkedAt, workers };
  }
}
