// Where a tiny job's Postgres time goes: replays, from this process and one call at a time, the
// repository calls a worker makes for one tiny job (in its order: apps/worker/src/training-job-handler.ts,
// run-training.ts, train-classifier-job.ts, job-artifacts.ts) on fresh job rows of the stack's
// database, and times each call. Beside them: Prisma's `SELECT 1` and the API's jobs.create.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { jobSpecSchema } from "@trainyard/contracts";
import { createDatabase, type Database } from "@trainyard/db";
import { median } from "../support/stats.js";

/** One repository call of the tiny-job path: how often a job makes it and its p50 (ms). */
export interface CallCost {
  call: string;
  perJob: number;
  p50Ms: number;
}

export interface RepositoryCosts {
  /** The worker's calls for one tiny job. */
  worker: CallCost[];
  /** Everything else measured, one call each. */
  other: CallCost[];
}

/** Times `rows` replays of the worker path on rows of tenant `tenantName`'s dataset `datasetId`. */
export async function measureRepositoryCosts(databaseUrl: string, tenantName: string, datasetId: string, jobBody: string, rows: number): Promise<RepositoryCosts> {
  const db = createDatabase(databaseUrl, { poolSize: 2 });
  const times = new Map<string, { perJob: number; samples: number[] }>();
  const timed = async <T>(call: string, perJob: number, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    const entry = times.get(call) ?? { perJob, samples: [] };
    entry.samples.push(performance.now() - started);
    times.set(call, entry);
    return result;
  };
  try {
    const tenant = await db.prisma.tenant.findUniqueOrThrow({ where: { name: tenantName } });
    const dataset = await db.datasets.findById(tenant.id, datasetId);
    if (dataset === null) throw new Error(`dataset ${datasetId} not found`);
    const spec = jobSpecSchema.parse(JSON.parse(jobBody));
    const newJob = (): Promise<{ id: string }> => db.jobs.create({ id: randomUUID(), tenantId: tenant.id, datasetId, datasetSha256: dataset.sha256, spec });
    for (let i = 0; i < rows; i++) {
      const { id } = await timed("API: jobs.create (job row + event, nested create)", 0, newJob);
      await replayWorkerPath(db, id, tenant.id, datasetId, timed);
      await timed("Prisma `SELECT 1` ($queryRaw)", 0, () => db.prisma.$queryRaw`SELECT 1`);
    }
  } finally {
    await db.close();
  }
  const costs = [...times].map(([call, { perJob, samples }]) => ({ call, perJob, p50Ms: median(samples) }));
  return { worker: costs.filter((c) => c.perJob > 0), other: costs.filter((c) => c.perJob === 0) };
}

type Timed = <T>(call: string, perJob: number, run: () => Promise<T>) => Promise<T>;

/** The worker's Postgres calls for one tiny job, in order (statements per call in the labels). */
async function replayWorkerPath(db: Database, id: string, tenantId: string, datasetId: string, timed: Timed): Promise<void> {
  const stage = "jobs.setSecondaryStatus (one statement: UPDATE + event INSERT in a CTE)";
  const progress = { epoch: 1, epochs: 1, batch: 1, batches: 3 };
  await timed("jobs.markRunning (UPDATE + event INSERT in one CTE statement, then SELECT the row)", 1, () => db.jobs.markRunning(id, { workerId: "bench", backend: "wasm" }));
  await timed(stage, 3, () => db.jobs.setSecondaryStatus(id, "LOADING_DATA"));
  const select = "datasets.findById, checkpoints.listByJob, jobs.findByIdForWorker (one SELECT each)";
  await timed(select, 3, () => db.datasets.findById(tenantId, datasetId));
  await timed(select, 3, () => db.checkpoints.listByJob(id));
  await timed(stage, 3, () => db.jobs.setSecondaryStatus(id, "TRAINING"));
  await timed("jobs.updateProgress (one UPDATE; first batch, and the flush at the end)", 2, () => db.jobs.updateProgress(id, progress));
  await timed("jobs.recordEpoch (BEGIN, INSERT metrics, UPDATE job, COMMIT)", 1, () => db.jobs.recordEpoch(id, 1, { loss: 1, accuracy: 0.5, lr: 0.001 }));
  await timed("jobs.addRuntime (one UPDATE; epoch end and job end)", 2, () => db.jobs.addRuntime(id, 0.05));
  await timed(select, 3, () => db.jobs.findByIdForWorker(id));
  await timed(stage, 3, () => db.jobs.setSecondaryStatus(id, "UPLOADING"));
  for (const path of ["model/model.json", "model/weights.bin"]) {
    await timed("artifacts.upsert (one INSERT ... ON CONFLICT; model.json, weights.bin)", 2, () => db.artifacts.upsert({ jobId: id, kind: "model", path, storageKey: `bench/${id}/${path}`, sizeBytes: 100 }));
  }
  await timed("jobs.updateProgress (one UPDATE; first batch, and the flush at the end)", 2, () => db.jobs.updateProgress(id, { ...progress, batch: 3 }));
  await timed("jobs.addRuntime (one UPDATE; epoch end and job end)", 2, () => db.jobs.addRuntime(id, 0.05));
  await timed("jobs.finish (UPDATE + event INSERT in one CTE statement, then SELECT the row)", 1, () => db.jobs.finish(id, "SUCCEEDED"));
}
