import { readFile } from "node:fs/promises";
import type { ConvertedDataset, DatasetFilePaths } from "../files/converted-dataset.js";
import { checkClassCount } from "../files/check-class-count.js";
import { copyFeatureData } from "../files/copy-feature-data.js";
import { gunzipFileIfCompressed } from "../files/gunzip-file-if-compressed.js";
import { readFileHead } from "../files/read-file-head.js";
import { finishConvertedDataset } from "../files/finish-converted-dataset.js";
import { FeatureStats } from "../stats/feature-stats.js";
import { featureDtypes, labelDtypes } from "./npy-dtypes.js";
import { checkNpyPair } from "./parse-npy-dataset.js";
import { checkValue } from "./read-npy-features.js";
import { npyHeaderMaxBytes, readNpyFile, readNpyHeader, type NpyHeader } from "./read-npy-file.js";

/**
 * Converts a dataset of two .npy files (raw or gzipped) into its stored form without holding x
 * in memory: x's header is checked from its first bytes, its values are checked and copied (float64
 * narrowed to float32) in chunks. y (the labels) is read whole. Accepts and refuses exactly what
 * `parseNpyDataset` does, with the same errors.
 */
export async function convertNpyFiles(paths: DatasetFilePaths<"x" | "y">): Promise<ConvertedDataset> {
  const { workDir, out, maxDecompressedBytes } = paths;
  const xPath = await gunzipFileIfCompressed("x", paths.inputs.x, workDir, maxDecompressedBytes);
  const { head, size } = await readFileHead(xPath, npyHeaderMaxBytes);
  const x = readNpyHeader({ file: "x", dtypes: featureDtypes }, head, size);
  const yPath = await gunzipFileIfCompressed("y", paths.inputs.y, workDir, maxDecompressedBytes);
  const y = readNpyFile({ file: "y", dtypes: labelDtypes }, await readFile(yPath));

  const { count, featureShape, labels, maxLabel } = checkNpyPair(x, y);
  checkClassCount(maxLabel + 1, paths.maxClasses);
  const stats = new FeatureStats();
  const xBytes = await copyFeatureData({
    path: xPath,
    dataOffset: x.dataOffset,
    byteLength: size - x.dataOffset,
    outPath: out.x,
    convert: x.dtype.size === 1 ? (chunk) => chunk : (chunk, firstByte) => toFloat32(x, chunk, firstByte),
    stats,
  });
  return await finishConvertedDataset({ count, featureShape, dtype: x.dtype.size === 1 ? "uint8" : "float32", labels, maxLabel, stats, xBytes, outY: out.y });
}

/** A chunk of float32 or float64 values as checked float32. */
function toFloat32(x: NpyHeader, chunk: Uint8Array, firstByte: number): Float32Array {
  const size = x.dtype.size;
  const count = chunk.byteLength / size;
  const first = firstByte / size;
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = checkValue(x.dtype.read(view, i), first + i, x);
  return out;
}
