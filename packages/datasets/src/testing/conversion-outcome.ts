import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ParsedDataset } from "@trainyard/domain";
import { encodeDataset } from "../encoding/encode-dataset.js";
import type { ConvertedDataset, DatasetFilePaths } from "../files/converted-dataset.js";
import { computeDatasetStats } from "../stats/compute-dataset-stats.js";

/**
 * What parsing or converting a dataset gave: the stored bytes and what its row records, or the
 * error's name, message and location. Tests compare a file converter's outcome with its in-memory
 * parser's, case by case.
 */
export type ConversionOutcome = { data: unknown } | { error: { name: string; message: string; location: unknown } };

function errorOutcome(error: unknown): ConversionOutcome {
  if (!(error instanceof Error)) throw error;
  return { error: { name: error.name, message: error.message, location: (error as { location?: unknown }).location } };
}

/** The outcome of an in-memory parse, encoded as the store keeps it. */
export function parsedOutcome(parse: () => ParsedDataset): ConversionOutcome {
  try {
    const parsed = parse();
    const { x, y } = encodeDataset(parsed);
    const { count, featureShape, dtype, numClasses } = parsed;
    const maxTokenId = parsed.dtype === "int32" ? Math.max(0, ...Array.from(parsed.features)) : null;
    const labelNames = parsed.labelNames ?? null;
    const stats = computeDatasetStats(parsed);
    return { data: { count, featureShape, dtype, numClasses, stats, x: Buffer.from(x), y: Buffer.from(y), sizeBytes: x.byteLength + y.byteLength, maxTokenId, labelNames } };
  } catch (error) {
    return errorOutcome(error);
  }
}

let caseNumber = 0;

/**
 * The outcome of a file converter on `inputs` (written to files in a new folder under `dir`).
 * `options` are passed along with the paths (e.g. CSV's label column).
 */
export async function convertedOutcome<K extends string, O extends object = object>(
  dir: string,
  inputs: Record<K, Uint8Array>,
  convert: (paths: DatasetFilePaths<K> & O) => Promise<ConvertedDataset>,
  options: { maxDecompressedBytes?: number; maxClasses?: number } & Partial<O> = {},
): Promise<ConversionOutcome> {
  const caseDir = join(dir, `case-${++caseNumber}`);
  await mkdir(caseDir, { recursive: true });
  const paths = {} as Record<K, string>;
  for (const [name, bytes] of Object.entries(inputs) as [K, Uint8Array][]) {
    paths[name] = join(caseDir, `in-${name}`);
    await writeFile(paths[name], bytes);
  }
  const out = { x: join(caseDir, "x.bin"), y: join(caseDir, "y.bin") };
  try {
    const converted = await convert({ maxDecompressedBytes: 1 << 30, maxClasses: 10_000, ...options, inputs: paths, workDir: caseDir, out } as DatasetFilePaths<K> & O);
    return { data: { ...converted, x: await readFile(out.x), y: await readFile(out.y) } };
  } catch (error) {
    return errorOutcome(error);
  }
}

/**
 * Asserts the converter's outcome equals the parser's, and that the case converted when
 * `shouldConvert` (else failed), so that no case passes by both failing alike.
 */
export function assertSameOutcome(name: string, shouldConvert: boolean, converted: ConversionOutcome, parsed: ConversionOutcome): void {
  assert.equal("data" in parsed, shouldConvert, `${name}: ${JSON.stringify("error" in parsed ? parsed.error : "converted")}`);
  assert.deepEqual(converted, parsed);
}
