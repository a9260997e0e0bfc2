import { createHash, randomUUID } from "node:crypto";
import { datasetUploadFieldsSchema, type DatasetUploadFields, type DatasetView } from "@trainyard/contracts";
import { ConflictError, InvalidInputError, NotFoundError, type DatasetRecord, type DatasetRepository, type ObjectStore, type ParsedDataset } from "@trainyard/domain";
import {
  computeDatasetStats,
  encodeDataset,
  parseCsvDataset,
  parseIdxDataset,
  parseImageZipDataset,
  parseJsonlDataset,
  parseNpyDataset,
} from "@trainyard/datasets";

/** The parts of a multipart dataset upload, read into memory. */
export interface DatasetUpload {
  fields: Record<string, string>;
  files: Map<string, { filename: string; bytes: Buffer }>;
}

/** Most label classes a dataset may have: a label is an id in 0..maxClasses-1. */
const maxClasses = 10_000;

const filesByFormat = { idx: ["images", "labels"], csv: ["data"], jsonl: ["data"], npy: ["x", "y"], images: ["archive"] } as const;

/**
 * Parses and checks an uploaded dataset, stores it in canonical form (x.bin, y.bin) and records it.
 * Datasets are immutable and content-addressed: the same bytes from the same tenant give back the
 * existing dataset (`created: false`); different bytes under an existing name are its next version.
 * Objects are written before the row, and removed again if the row cannot be written.
 */
export async function uploadDataset(
  deps: { datasets: DatasetRepository; store: ObjectStore },
  tenantId: string,
  upload: DatasetUpload,
): Promise<{ dataset: DatasetRecord; created: boolean }> {
  const fields = parseFields(upload.fields);
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
  for (const [field, format] of [["labelColumn", "csv"], ["featureColumns", "csv"], ["imageSize", "images"], ["channels", "images"]] as const) {
    if (fields[field] !== undefined && fields.format !== format) throw InvalidInputError.forField(`body.${field}`, `only applies to format ${format}`);
  }
  // The options that change how the bytes are read are part of the content: the same CSV with
  // another label column is another dataset.
  const options = { labelColumn: fields.labelColumn, featureColumns: fields.featureColumns, imageSize: fields.imageSize, channels: fields.channels };
  const optionBytes = Object.values(options).some((v) => v !== undefined) ? [Buffer.from(`\0${JSON.stringify(options)}`)] : [];
  const sha256 = sha256Of([...files.map((f) => f.bytes), ...optionBytes]);
  const existing = await deps.datasets.findBySha256(tenantId, sha256, fields.format);
  if (existing !== null) return { dataset: existing, created: false };
  const parsed = parse(fields, files.map((f) => f.bytes));
  if (parsed.numClasses > maxClasses) {
    throw InvalidInputError.forField("body", `labels go up to ${parsed.numClasses - 1}; at most ${maxClasses} classes (labels 0..${maxClasses - 1}) are supported`);
  }

  const name = fields.name ?? files[0]?.filename ?? fields.format;
  const id = randomUUID();
  const storageKey = `tenants/${tenantId}/datasets/${id}`;
  const encoded = encodeDataset(parsed);
  try {
    await deps.store.put(`${storageKey}/x.bin`, encoded.x);
    await deps.store.put(`${storageKey}/y.bin`, encoded.y);
    const record = {
      id,
      tenantId,
      name,
      format: fields.format,
      count: parsed.count,
      featureShape: parsed.featureShape,
      dtype: parsed.dtype,
      numClasses: parsed.numClasses,
      sha256,
      sizeBytes: encoded.x.byteLength + encoded.y.byteLength,
      maxTokenId: parsed.dtype === "int32" ? maxOf(parsed.features) : null,
      stats: computeDatasetStats(parsed),
      labelNames: parsed.labelNames ?? null,
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

async function removeObjects(store: ObjectStore, storageKey: string): Promise<void> {
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

function parseFields(raw: Record<string, string>) {
  const result = datasetUploadFieldsSchema.safeParse(raw);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: ["body", ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  throw new InvalidInputError(details.map((d) => `${d.path}: ${d.message}`).join("; "), details);
}

function parse(fields: DatasetUploadFields, files: Buffer[]): ParsedDataset {
  const [first, second] = files;
  if (first === undefined) throw new Error("no file to parse");
  switch (fields.format) {
    case "csv":
      return parseCsvDataset(first, {
        ...(fields.labelColumn === undefined ? {} : { labelColumn: fields.labelColumn }),
        ...(fields.featureColumns === undefined ? {} : { featureColumns: fields.featureColumns.split(",").map((c) => c.trim()) }),
      });
    case "jsonl":
      return parseJsonlDataset(first);
    case "images": {
      const [height = 28, width = height] = (fields.imageSize ?? "28").split("x").map(Number);
      return parseImageZipDataset(first, { height, width, channels: fields.channels === "3" ? 3 : 1 });
    }
    case "npy":
    case "idx":
      if (second === undefined) throw new Error(`${fields.format} needs two files`);
      return fields.format === "npy" ? parseNpyDataset({ x: first, y: second }) : parseIdxDataset({ images: first, labels: second });
  }
}

function maxOf(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] ?? 0);
  return max;
}

function sha256Of(parts: Buffer[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}
