import { readFile } from "node:fs/promises";
import type { ConvertedDataset, DatasetFilePaths } from "../files/converted-dataset.js";
import { checkClassCount } from "../files/check-class-count.js";
import { copyFeatureData } from "../files/copy-feature-data.js";
import { gunzipFileIfCompressed } from "../files/gunzip-file-if-compressed.js";
import { readFileHead } from "../files/read-file-head.js";
import { finishConvertedDataset } from "../files/finish-converted-dataset.js";
import { FeatureStats } from "../stats/feature-stats.js";
import { imagesKind, labelsKind, readIdxLabels } from "./parse-idx-dataset.js";
import { idxHeaderMaxBytes, readIdxFile, readIdxHeader } from "./read-idx-file.js";

/**
 * Converts an IDX dataset's files (raw or gzipped) into its stored form without holding the
 * images in memory: the header is checked from the file's first bytes, the pixels are copied in
 * chunks. The labels (one byte a sample) are read whole. Accepts and refuses exactly what
 * `parseIdxDataset` does, with the same errors.
 */
export async function convertIdxFiles(paths: DatasetFilePaths<"images" | "labels">): Promise<ConvertedDataset> {
  const { workDir, out, maxDecompressedBytes } = paths;
  const imagesPath = await gunzipFileIfCompressed("images", paths.inputs.images, workDir, maxDecompressedBytes);
  const { head, size } = await readFileHead(imagesPath, idxHeaderMaxBytes);
  const images = readIdxHeader(imagesKind, head, size);
  const labelsPath = await gunzipFileIfCompressed("labels", paths.inputs.labels, workDir, maxDecompressedBytes);
  const labelsFile = readIdxFile(labelsKind, await readFile(labelsPath));

  const [count = 0, ...featureShape] = images.dims;
  const { labels, maxLabel } = readIdxLabels(labelsFile, count);
  checkClassCount(maxLabel + 1, paths.maxClasses);
  const stats = new FeatureStats();
  const xBytes = await copyFeatureData({
    path: imagesPath,
    dataOffset: images.dataOffset,
    byteLength: size - images.dataOffset,
    outPath: out.x,
    convert: (chunk) => chunk,
    stats,
  });
  return await finishConvertedDataset({ count, featureShape, dtype: "uint8", labels, maxLabel, stats, xBytes, outY: out.y });
}
