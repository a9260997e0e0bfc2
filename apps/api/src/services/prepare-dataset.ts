import { createHash } from "node:crypto";
import type { DatasetUploadFields } from "@trainyard/contracts";
import { InvalidInputError, type DatasetRecord, type ParsedDataset } from "@trainyard/domain";
import {
  computeDatasetStats,
  encodeDataset,
  parseCsvDataset,
  parseIdxDataset,
  parseImageZipDataset,
  parseJsonlDataset,
  parseNpyDataset,
} from "@trainyard/datasets";

/** Most label classes a dataset may have: a label is an id in 0..maxClasses-1. */
const maxClasses = 10_000;

/** The files each format takes, in the order they are hashed and parsed. */
export const filesByFormat = { idx: ["images", "labels"], csv: ["data"], jsonl: ["data"], npy: ["x", "y"], images: ["archive"] } as const;

/** What parsing gives a dataset row, and the canonical bytes to store (x.bin, y.bin). */
export interface PreparedDataset {
  encoded: { x: Uint8Array; y: Uint8Array };
  details: Pick<DatasetRecord, "count" | "featureShape" | "dtype" | "numClasses" | "sizeBytes" | "maxTokenId" | "stats" | "labelNames">;
}

/** Options that belong to another format are a 400. */
export function checkFormatOptions(fields: DatasetUploadFields): void {
  for (const [field, format] of [["labelColumn", "csv"], ["featureColumns", "csv"], ["imageSize", "images"], ["channels", "images"]] as const) {
    if (fields[field] !== undefined && fields.format !== format) throw InvalidInputError.forField(`body.${field}`, `only applies to format ${format}`);
  }
}

/**
 * sha256 of a dataset's content: its files' bytes in `filesByFormat` order, and the reading options
 * when given (the same CSV with another label column is another dataset).
 */
export function contentSha256(fields: DatasetUploadFields, files: Uint8Array[]): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(file);
  const options = { labelColumn: fields.labelColumn, featureColumns: fields.featureColumns, imageSize: fields.imageSize, channels: fields.channels };
  if (Object.values(options).some((v) => v !== undefined)) hash.update(`\0${JSON.stringify(options)}`);
  return hash.digest("hex");
}

/** Parses and checks the files, computes statistics and the stored encoding. */
export function prepareDataset(fields: DatasetUploadFields, files: Buffer[]): PreparedDataset {
  const parsed = parse(fields, files);
  if (parsed.numClasses > maxClasses) {
    throw InvalidInputError.forField("body", `labels go up to ${parsed.numClasses - 1}; at most ${maxClasses} classes (labels 0..${maxClasses - 1}) are supported`);
  }
  const encoded = encodeDataset(parsed);
  return {
    encoded,
    details: {
      count: parsed.count,
      featureShape: parsed.featureShape,
      dtype: parsed.dtype,
      numClasses: parsed.numClasses,
      sizeBytes: encoded.x.byteLength + encoded.y.byteLength,
      maxTokenId: parsed.dtype === "int32" ? maxOf(parsed.features) : null,
      stats: computeDatasetStats(parsed),
      labelNames: parsed.labelNames ?? null,
    },
  };
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
