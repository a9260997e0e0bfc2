import { randomBytes, randomUUID } from "node:crypto";
import { jobSpecSchema, type JobSpec } from "@trainyard/contracts";
import type { DatasetRecord, TenantRecord } from "@trainyard/domain";
import type { Database } from "../src/index.js";

/** A tenant with a unique name, so tests sharing a database never see each other's rows. */
export async function createTenant(db: Database): Promise<TenantRecord> {
  return await db.auth.ensureTenant(`t-${randomBytes(6).toString("hex")}`);
}

/** A small dataset row of the tenant. */
export async function createDataset(db: Database, tenantId: string, overrides: Partial<DatasetRecord> = {}): Promise<DatasetRecord> {
  const id = overrides.id ?? randomUUID();
  return await db.datasets.create({
    id,
    tenantId,
    name: `digits-${randomBytes(4).toString("hex")}.csv`,
    version: 1,
    status: "READY",
    statusReason: null,
    source: null,
    format: "csv",
    count: 100,
    featureShape: [8, 8, 1],
    dtype: "uint8",
    numClasses: 10,
    sha256: randomBytes(32).toString("hex"),
    sizeBytes: 6_800,
    maxTokenId: null,
    stats: null,
    labelNames: null,
    storageKey: `tenants/${tenantId}/datasets/${id}`,
    ...overrides,
  });
}

/** A complete job spec (every default filled in) for the dataset. */
export function makeJobSpec(datasetId: string): JobSpec {
  return jobSpecSchema.parse({
    model: { type: "cnn" },
    dataset: { id: datasetId, validationSplit: 0.1 },
    training: { epochs: 2, batchSize: 32, optimizer: "adam", learningRate: 0.001, shuffle: true, seed: 7 },
  });
}

/** A tenant, a dataset of it and a QUEUED job on that dataset. */
export async function createQueuedJob(db: Database, tenant?: TenantRecord) {
  const owner = tenant ?? (await createTenant(db));
  const dataset = await createDataset(db, owner.id);
  const job = await db.jobs.create({ id: randomUUID(), tenantId: owner.id, datasetId: dataset.id, datasetSha256: dataset.sha256, spec: makeJobSpec(dataset.id) });
  return { tenant: owner, dataset, job };
}

/** The job's events, oldest first. */
export async function listEvents(db: Database, jobId: string) {
  return await db.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { id: "asc" } });
}
