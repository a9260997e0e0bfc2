import type { ConvertedDataset, DatasetFilePaths } from "../files/converted-dataset.js";
import { checkClassCount } from "../files/check-class-count.js";
import { RandomAccessFile } from "../files/random-access-file.js";
import { writeLabelsFile } from "../files/write-labels-file.js";
import { FeatureStats, countClasses } from "../stats/feature-stats.js";
import { decodeImage } from "./decode-image.js";
import { assertImageZipOptions, defaultMaxImageZipEntries, type ImageZipSampleShape } from "./image-zip-options.js";
import { planImageZip } from "./plan-image-zip.js";
import { readZipDirectory } from "./read-zip-directory.js";
import { resizeImageInto } from "./resize-image.js";
import { SampleChunkWriter } from "./sample-chunk-writer.js";
import { SampleEntryReader } from "./sample-entry-reader.js";

/** Default bytes of features written at a time, and of the zip directory read at a time: 8 MiB. */
export const defaultImageZipChunkBytes = 8 * 1024 * 1024;

export interface ImageZipFileOptions extends ImageZipSampleShape {
  /** Largest number of entries in the zip (directories included), default 100,000. */
  maxEntries?: number;
  /** Bytes of the zip directory read, and of features written, at a time; default 8 MiB. */
  chunkBytes?: number;
}

/**
 * Converts a zip of images in one folder per class (`inputs.archive`) into its stored form without
 * holding the archive or the features in memory: the directory is read from the end of the file,
 * then each image's entry is read at its offset, inflated, decoded, resized and written to
 * `out.x`, one image at a time. Accepts and refuses exactly what `parseImageZipDataset` does, with
 * the same errors (limits checked from the directory before anything is inflated); like it, a
 * gzipped zip is not unwrapped (it is not a zip). Memory: the directory listing, 4 bytes of label
 * a sample, one image (its entry, decoded pixels) and one chunk of features.
 *
 * @throws InvalidInputError for bad options or more than `maxClasses` class folders.
 * @throws DatasetFormatError naming the entry at fault (byte offset 0 when the file is not a zip).
 * @throws PayloadTooLargeError when the declared sizes, the features or the entry count exceed
 *   their limits (`maxDecompressedBytes`, `maxEntries`).
 */
export async function convertImageZipFile(paths: DatasetFilePaths<"archive"> & ImageZipFileOptions): Promise<ConvertedDataset> {
  assertImageZipOptions(paths);
  const { height, width, channels, out } = paths;
  const chunkBytes = paths.chunkBytes ?? defaultImageZipChunkBytes;
  const file = await RandomAccessFile.open(paths.inputs.archive, chunkBytes);
  try {
    const entries = await readZipDirectory(file, paths.maxEntries ?? defaultMaxImageZipEntries);
    const plan = planImageZip(entries, paths, paths.maxDecompressedBytes);
    const numClasses = plan.classNames.length;
    checkClassCount(numClasses, paths.maxClasses);
    // Sample names are unique (resolveClassFolders refuses duplicates among the entries it keeps).
    const zipIndex = new Map(entries.map((entry, index) => [entry.name, index]));
    const sampleIndices = plan.samples.map((sample) => zipIndex.get(sample.path) ?? -1);
    zipIndex.clear();
    const reader = new SampleEntryReader(file, entries, sampleIndices);

    const stats = new FeatureStats();
    const labels = new Int32Array(plan.samples.length);
    const writer = await SampleChunkWriter.create(out.x, plan.sampleSize, chunkBytes, stats);
    try {
      for (const [i, sample] of plan.samples.entries()) {
        const bytes = await reader.read(sampleIndices[i] ?? -1);
        let image;
        try {
          image = decodeImage(sample.path, bytes);
        } catch (error) {
          await reader.checkInflates();
          throw error;
        }
        resizeImageInto(image, { ...(await writer.next()), height, width, channels });
        labels[i] = sample.label;
      }
    } catch (error) {
      await writer.abort();
      throw error;
    }
    const xBytes = await writer.close();
    const yBytes = await writeLabelsFile(out.y, labels);
    return {
      count: plan.samples.length,
      featureShape: plan.featureShape,
      dtype: "uint8",
      numClasses,
      stats: { classCounts: countClasses(labels, numClasses), ...stats.result(), wordsPerText: null },
      sizeBytes: xBytes + yBytes,
      maxTokenId: null,
      labelNames: plan.classNames,
    };
  } finally {
    await file.close();
  }
}
