import { createHash, randomUUID } from "node:crypto";
import { datasetUploadFieldsSchema, type DatasetFormat, type DatasetView } from "@trainyard/contracts";
import { InvalidInputError, NotFoundError, type DatasetRecord, type DatasetRepository, type ObjectStore, type ParsedDataset } from "@trainyard/domain";
import { encodeDataset, parseCsvDataset, parseIdxDataset, parseJsonlDataset } from "@trainyard/datasets";

/** The parts of a multipart dataset upload, read into memory. */
export interface DatasetUpload {
  fields: Record<string, string>;
  files: Map<string, { filename: string; bytes: Buffer }>;
}

const filesByFormat = { idx: ["images", "labels"], csv: ["data"], jsonl: ["data"] } as const;

/**
 * Parses and checks an uploaded dataset, stores it in canonical form (x.bin, y.bin) and records it.
 * Objects are written before the row, and removed again if the row cannot be written.
 */
export async function uploadDataset(
  deps: { datasets: DatasetRepository; store: ObjectStore },
  tenantId: string,
  upload: DatasetUpload,
): Promise<DatasetRecord> {
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
  const parsed = parse(fields.format, files.map((f) => f.bytes), fields.labelColumn);

  const id = randomUUID();
  const storageKey = `tenants/${tenantId}/datasets/${id}`;
  const encoded = encodeDataset(parsed);
  try {
    await deps.store.put(`${storageKey}/x.bin`, encoded.x);
    await deps.store.put(`${storageKey}/y.bin`, encoded.y);
    return await deps.datasets.create({
      id,
      tenantId,
      name: fields.name ?? files[0]?.filename ?? fields.format,
      format: fields.format,
      count: parsed.count,
      featureShape: parsed.featureShape,
      dtype: parsed.dtype,
      numClasses: parsed.numClasses,
      sha256: sha256Of(files.map((f) => f.bytes)),
      sizeBytes: encoded.x.byteLength + encoded.y.byteLength,
      maxTokenId: parsed.dtype === "int32" ? maxOf(parsed.features) : null,
      storageKey,
    });
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
    format: record.format,
    count: record.count,
    featureShape: record.featureShape,
    dtype: record.dtype,
    numClasses: record.numClasses,
    sha256: record.sha256,
    sizeBytes: record.sizeBytes,
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
