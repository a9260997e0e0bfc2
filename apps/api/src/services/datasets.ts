import { createHash, randomUUID } from "node:crypto";
import { datasetUploadFieldsSchema, type DatasetFormat, type DatasetView } from "@trainyard/contracts";
import { InvalidInputError, NotFoundError, type DatasetRecord, type DatasetRepository, type ObjectStore, type ParsedDataset } from "@trainyard/domain";
import { computeDatasetStats, encodeDataset, parseCsvDataset, parseIdxDataset, parseJsonlDataset } from "@trainyard/datasets";

/** The parts of a multipart dataset upload, read into memory. */
export interface DatasetUpload {
  fields: Record<string, string>;
  files: Map<string, { filename: string; bytes: Buffer }>;
}

const filesByFormat = { idx: ["images", "labels"], csv: ["data"], jsonl: ["data"] } as const;

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
  if (fields.format !== "csv" && fields.labelColumn !== undefined) {
    throw InvalidInputError.forField("body.labelColumn", "only applies to format csv");
  }
  const sha256 = sha256Of(files.map((f) => f.bytes));
  const existing = await deps.datasets.findBySha256(tenantId, sha256);
  if (existing !== null && existing.format === fields.format) return { dataset: existing, created: false };
  const parsed = parse(fields.format, files.map((f) => f.bytes), fields.labelColumn);

  const name = fields.name ?? files[0]?.filename ?? fields.format;
  const id = randomUUID();
  const storageKey = `tenants/${tenantId}/datasets/${id}`;
  const encoded = encodeDataset(parsed);
  try {
    await deps.store.put(`${storageKey}/x.bin`, encoded.x);
    await deps.store.put(`${storageKey}/y.bin`, encoded.y);
    const dataset = await deps.datasets.create({
      id,
      tenantId,
      name,
      version: (await deps.datasets.latestVersion(tenantId, name)) + 1,
      format: fields.format,
      count: parsed.count,
      featureShape: parsed.featureShape,
      dtype: parsed.dtype,
      numClasses: parsed.numClasses,
      sha256,
      sizeBytes: encoded.x.byteLength + encoded.y.byteLength,
      maxTokenId: parsed.dtype === "int32" ? maxOf(parsed.features) : null,
      stats: computeDatasetStats(parsed),
      storageKey,
    });
    return { dataset, created: true };
  } catch (error) {
    await Promise.allSettled([deps.store.delete(`${storageKey}/x.bin`), deps.store.delete(`${storageKey}/y.bin`)]);
    throw error;
  }
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

function parse(format: DatasetFormat, files: Buffer[], labelColumn: string | undefined): ParsedDataset {
  const [first, second] = files;
  if (first === undefined) throw new Error("no file to parse");
  if (format === "csv") return parseCsvDataset(first, labelColumn === undefined ? {} : { labelColumn });
  if (format === "jsonl") return parseJsonlDataset(first);
  if (second === undefined) throw new Error("idx needs two files");
  return parseIdxDataset({ images: first, labels: second });
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
