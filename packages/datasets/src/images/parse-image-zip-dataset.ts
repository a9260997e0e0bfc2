import type { NumericDataset } from "@trainyard/domain";
import { defaultMaxDecompressedBytes } from "../gunzip-if-compressed.js";
import { decodeImage } from "./decode-image.js";
import { assertImageZipOptions, defaultMaxImageZipEntries, type ImageZipSampleShape } from "./image-zip-options.js";
import { planImageZip } from "./plan-image-zip.js";
import { inflateZipEntries, listZipEntries } from "./read-zip-entries.js";
import { resizeImageInto } from "./resize-image.js";

export { defaultMaxImageZipEntries, maxImageZipSide } from "./image-zip-options.js";

export interface ImageZipParseOptions extends ImageZipSampleShape {
  /**
   * Largest total of the images' declared uncompressed sizes, and of the resulting features,
   * default 1 GiB.
   */
  maxDecompressedBytes?: number;
  /** Largest number of entries in the zip (directories included), default 100,000. */
  maxEntries?: number;
}

/**
 * Parses a zip of images in one folder per class (`<class>/<file>.png|.jpg|.jpeg`, optionally all
 * under one top-level folder) into uint8 features resized to height x width. Class folder names
 * in code-point order are the label ids (`labelNames`); samples are ordered by class, then path.
 *
 * @throws InvalidInputError (field `body.imageSize` or `body.channels`) for bad options.
 * @throws DatasetFormatError for a bad archive; `location.file` names the entry at fault (byte
 *   offset 0 when the bytes are not a zip).
 * @throws PayloadTooLargeError when the declared sizes, the features or the entry count exceed
 *   their limits, checked before anything is inflated.
 */
export function parseImageZipDataset(zip: Uint8Array, options: ImageZipParseOptions): NumericDataset {
  assertImageZipOptions(options);
  const { height, width, channels } = options;
  const maxBytes = options.maxDecompressedBytes ?? defaultMaxDecompressedBytes;
  const plan = planImageZip(listZipEntries(zip, options.maxEntries ?? defaultMaxImageZipEntries), options, maxBytes);
  const { sampleSize, samples } = plan;
  const count = samples.length;

  const files = inflateZipEntries(zip, new Set(samples.map((sample) => sample.path)));
  const features = new Uint8Array(count * sampleSize);
  const labels = new Int32Array(count);
  samples.forEach((sample, i) => {
    const image = decodeImage(sample.path, files.get(sample.path) ?? new Uint8Array(0));
    // Drop each inflated file once decoded so peak memory holds one decoded image at a time.
    files.delete(sample.path);
    resizeImageInto(image, { features, offset: i * sampleSize, height, width, channels });
    labels[i] = sample.label;
  });

  return {
    count,
    featureShape: plan.featureShape,
    dtype: "uint8",
    numClasses: plan.classNames.length,
    features,
    labels,
    labelNames: plan.classNames,
  };
}
