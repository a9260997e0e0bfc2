import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { join } from "node:path";
import type { DatasetUploadFields } from "@trainyard/contracts";
import { InvalidInputError, type DatasetRecord } from "@trainyard/domain";
import {
  convertCsvFile,
  convertIdxFiles,
  convertImageZipFile,
  convertJsonlFile,
  convertNpyFiles,
  defaultMaxDecompressedBytes,
  type ConvertedDataset,
} from "@trainyard/datasets";

/** Most label classes a dataset may have: a label is an id in 0..maxClasses-1. */
const maxClasses = 10_000;

/** The files each format takes, in the order they are hashed and parsed. */
export const filesByFormat = { idx: ["images", "labels"], csv: ["data"], jsonl: ["data"], npy: ["x", "y"], images: ["archive"] } as const;

/** A dataset checked and converted: its stored form in two local files, and what its row records. */
export interface PreparedDataset {
  /** Local files holding the stored `x.bin` and `y.bin`. */
  out: { x: string; y: string };
  details: Pick<DatasetRecord, "count" | "featureShape" | "dtype" | "numClasses" | "sizeBytes" | "maxTokenId" | "stats" | "labelNames">;
}

/** Options that belong to another format are a 400. */
export function checkFormatOptions(fields: DatasetUploadFields): void {
  for (const [field, format] of [["labelColumn", "csv"], ["featureColumns", "csv"], ["imageSize", "images"], ["channels", "images"]] as const) {
    if (fields[field] !== undefined && fields.format !== format) throw InvalidInputError.forField(`body.${field}`, `only applies to format ${format}`);
  }
}

/**
 * sha256 of a dataset's content: its files' bytes in `filesByFormat` order (read as streams), and
 * the reading options when given (the same CSV with another label column is another dataset).
 */
export async function contentSha256(fields: DatasetUploadFields, paths: string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const path of paths) {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  }
  const options = { labelColumn: fields.labelColumn, featureColumns: fields.featureColumns, imageSize: fields.imageSize, channels: fields.channels };
  if (Object.values(options).some((v) => v !== undefined)) hash.update(`\0${JSON.stringify(options)}`);
  return hash.digest("hex");
}

/**
 * Parses and checks a dataset's files (in `filesByFormat` order), computes its statistics and
 * writes its stored form into `workDir`. Every format is converted from its files in chunks, so
 * memory stays flat at any size (a few MiB, plus 4 bytes of label a sample).
 * @throws DatasetFormatError, InvalidInputError (400) or PayloadTooLargeError (413: a gzip file
 *   inflating past 1 GiB).
 */
export async function prepareDataset(fields: DatasetUploadFields, paths: string[], workDir: string): Promise<PreparedDataset> {
  const out = { x: join(workDir, "x.bin"), y: join(workDir, "y.bin") };
  const [first = "", second = ""] = paths;
  const limits = { workDir, out, maxDecompressedBytes: defaultMaxDecompressedBytes, maxClasses };
  if (fields.format === "idx" || fields.format === "npy") {
    const converted =
      fields.format === "idx"
        ? await convertIdxFiles({ ...limits, inputs: { images: first, labels: second } })
        : await convertNpyFiles({ ...limits, inputs: { x: first, y: second } });
    return { out, details: detailsOf(converted) };
  }
  if (fields.format === "csv") return { out, details: detailsOf(await convertCsvFile({ ...limits, inputs: { data: first }, ...csvOptions(fields) })) };
  if (fields.format === "jsonl") return { out, details: detailsOf(await convertJsonlFile({ ...limits, inputs: { data: first } })) };
  const [height = 28, width = height] = (fields.imageSize ?? "28").split("x").map(Number);
  const converted = await convertImageZipFile({ ...limits, inputs: { archive: first }, height, width, channels: fields.channels === "3" ? 3 : 1 });
  return { out, details: detailsOf(converted) };
}

function detailsOf(converted: ConvertedDataset): PreparedDataset["details"] {
  const { count, featureShape, dtype, numClasses, sizeBytes, stats, maxTokenId, labelNames } = converted;
  return { count, featureShape, dtype, numClasses, sizeBytes, stats, maxTokenId, labelNames };
}

/** The CSV reading options from the upload fields (`featureColumns` is comma-separated). */
function csvOptions(fields: DatasetUploadFields): { labelColumn?: string; featureColumns?: string[] } {
  return {
    ...(fields.labelColumn === undefined ? {} : { labelColumn: fields.labelColumn }),
    ...(fields.featureColumns === undefined ? {} : { featureColumns: fields.featureColumns.split(",").map((c) => c.trim()) }),
  };
}
