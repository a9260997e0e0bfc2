import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DatasetUploadFields } from "@trainyard/contracts";
import { InvalidInputError, PayloadTooLargeError, type DatasetRecord, type ParsedDataset } from "@trainyard/domain";
import {
  checkClassCount,
  computeDatasetStats,
  convertIdxFiles,
  convertNpyFiles,
  defaultMaxDecompressedBytes,
  encodeDataset,
  parseCsvDataset,
  parseImageZipDataset,
  parseJsonlDataset,
  type ConvertedDataset,
} from "@trainyard/datasets";

/** Most label classes a dataset may have: a label is an id in 0..maxClasses-1. */
const maxClasses = 10_000;

/**
 * Largest csv, jsonl or images file accepted. These formats are parsed in memory (a JavaScript
 * string holds at most 2^29 characters); idx and npy are converted in chunks at any size.
 */
export const maxParsedFileBytes = 256 * 1024 * 1024;

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
 * writes its stored form into `workDir`. idx and npy are converted in chunks, so memory stays
 * flat at any size; the other formats are parsed in memory, up to `maxParsedFileBytes` a file.
 * @throws DatasetFormatError, InvalidInputError (400) or PayloadTooLargeError (413).
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
  const size = (await stat(first)).size;
  if (size > maxParsedFileBytes) {
    throw new PayloadTooLargeError(
      `${filesByFormat[fields.format][0]}: ${fields.format} files are parsed in memory and may be at most ${maxParsedFileBytes / 1024 / 1024} MiB; ` +
        `this one is ${Math.ceil(size / 1024 / 1024)} MiB. Larger datasets can be uploaded as npy or idx, which have no such limit`,
    );
  }
  const parsed = parse(fields, await readFile(first));
  checkClassCount(parsed.numClasses, maxClasses);
  const encoded = encodeDataset(parsed);
  await writeFile(out.x, encoded.x);
  await writeFile(out.y, encoded.y);
  return {
    out,
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

function detailsOf(converted: ConvertedDataset): PreparedDataset["details"] {
  const { count, featureShape, dtype, numClasses, sizeBytes, stats } = converted;
  return { count, featureShape, dtype, numClasses, sizeBytes, stats, maxTokenId: null, labelNames: null };
}

function parse(fields: DatasetUploadFields, file: Buffer): ParsedDataset {
  switch (fields.format) {
    case "csv":
      return parseCsvDataset(file, {
        ...(fields.labelColumn === undefined ? {} : { labelColumn: fields.labelColumn }),
        ...(fields.featureColumns === undefined ? {} : { featureColumns: fields.featureColumns.split(",").map((c) => c.trim()) }),
      });
    case "jsonl":
      return parseJsonlDataset(file);
    case "images": {
      const [height = 28, width = height] = (fields.imageSize ?? "28").split("x").map(Number);
      return parseImageZipDataset(file, { height, width, channels: fields.channels === "3" ? 3 : 1 });
    }
    case "npy":
    case "idx":
      throw new Error(`${fields.format} is converted from files`);
  }
}

function maxOf(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] ?? 0);
  return max;
}
