import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { datasetUploadFieldsSchema, type DatasetView } from "@trainyard/contracts";
import { ConflictError, InvalidInputError, NotFoundError, type DatasetRecord, type DatasetRepository, type ObjectStore } from "@trainyard/domain";
import { parseBody } from "./parse-body.js";
import { checkFormatOptions, contentSha256, filesByFormat, prepareDataset, type PreparedDataset } from "./prepare-dataset.js";
import type { DatasetUpload } from "./spool-upload.js";

/**
 * Parses and checks an uploaded dataset (its files already on local disk, see `spoolUpload`),
 * stores it in canonical form (x.bin, y.bin, streamed to the store) and records it.
 * Datasets are immutable and content-addressed: the same bytes from the same tenant give back the
 * existing dataset (`created: false`); different bytes under an existing name are its next version.
 * Objects are written before the row, and removed again if the row cannot be written.
 */
export async function uploadDataset(
  deps: { datasets: DatasetRepository; store: ObjectStore },
  tenantId: string,
  upload: DatasetUpload,
): Promise<{ dataset: DatasetRecord; created: boolean }> {
  const fields = parseBody(datasetUploadFieldsSchema, upload.fields);
  const expected: readonly string[] = filesByFormat[fields.format];
  for (const name of upload.files.keys()) {
    if (!expected.includes(name)) {
      throw InvalidInputError.forField(`body.${name}`, `unexpected file for format ${fields.format}; expected ${expected.join(", ")}`);
    }
  }
  const files = expected.map((name) => {
    const file = upload.files.get(name);
    if (file === undefined) throw InvalidInputError.forField(`body.${name}`, `file is required for format ${fields.format}`);
    return file;
  });
  checkFormatOptions(fields);
  const paths = files.map((f) => f.path);
  const sha256 = await contentSha256(fields, paths);
  const existing = await deps.datasets.findBySha256(tenantId, sha256, fields.format);
  if (existing !== null) return { dataset: existing, created: false };
  const { out, details } = await prepareDataset(fields, paths, upload.dir);

  const name = fields.name ?? files[0]?.filename ?? fields.format;
  const id = randomUUID();
  const storageKey = `tenants/${tenantId}/datasets/${id}`;
  try {
    await storePrepared(deps.store, storageKey, out);
    const record = {
      id,
      tenantId,
      name,
      status: "READY" as const,
      statusReason: null,
      source: null,
      format: fields.format,
      ...details,
      sha256,
      storageKey,
    };
    // Unique (tenant, content) and (tenant, name, version) settle concurrent uploads: the same content
    // gives back the dataset that won; the same name takes the next free version.
    for (let attempt = 1; ; attempt++) {
      try {
        const dataset = await deps.datasets.create({ ...record, version: (await deps.datasets.latestVersion(tenantId, name)) + 1 });
        return { dataset, created: true };
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 3) throw error;
        const winner = await deps.datasets.findBySha256(tenantId, sha256, fields.format);
        if (winner !== null) {
          await removeObjects(deps.store, storageKey);
          return { dataset: winner, created: false };
        }
      }
    }
  } catch (error) {
    await removeObjects(deps.store, storageKey);
    throw error;
  }
}

/** Streams a prepared dataset's two files into the store under `storageKey`. */
export async function storePrepared(store: ObjectStore, storageKey: string, out: PreparedDataset["out"]): Promise<void> {
  await store.put(`${storageKey}/x.bin`, createReadStream(out.x));
  await store.put(`${storageKey}/y.bin`, createReadStream(out.y));
}

export async function removeObjects(store: ObjectStore, storageKey: string): Promise<void> {
  await Promise.allSettled([store.delete(`${storageKey}/x.bin`), store.delete(`${storageKey}/y.bin`)]);
}

/** The tenant's dataset, or NotFoundError. */
export async function getDataset(datasets: DatasetRepository, tenantId: string, id: string): Promise<DatasetRecord> {
  const dataset = await datasets.findById(tenantId, id);
  if (dataset === null) throw new NotFoundError("dataset", id);
  return dataset;
}

export function toDatasetView(record: DatasetRecord): DatasetView {
  return {
    id: record.id,
    name: record.name,
    version: record.version,
    status: record.status,
    statusReason: record.statusReason,
    source: record.source === null ? null : { ...(record.source.uri === undefined ? {} : { uri: record.source.uri }), ...(record.source.files === undefined ? {} : { files: record.source.files }) },
    format: record.format,
    count: record.count,
    featureShape: record.featureShape,
    dtype: record.dtype,
    numClasses: record.numClasses,
    sha256: record.sha256,
    sizeBytes: record.sizeBytes,
    stats: record.stats,
    labelNames: record.labelNames,
    createdAt: record.createdAt.toISOString(),
  };
}
