import { InvalidInputError, PayloadTooLargeError, type NumericDataset } from "@trainyard/domain";
import { defaultMaxDecompressedBytes } from "../gunzip-if-compressed.js";
import { decodeImage } from "./decode-image.js";
import { inflateZipEntries, listZipEntries } from "./read-zip-entries.js";
import { resizeImageInto } from "./resize-image.js";
import { resolveClassFolders } from "./resolve-class-folders.js";

/** Largest accepted `height` and `width`: 1024 pixels. */
export const maxImageZipSide = 1024;

/** Default cap on the number of entries in an image zip: 100,000. */
export const defaultMaxImageZipEntries = 100_000;

export interface ImageZipParseOptions {
  /** Height every image is resized to, an integer in 1..1024. */
  height: number;
  /** Width every image is resized to, an integer in 1..1024. */
  width: number;
  /** 1: grayscale (featureShape [height, width]); 3: RGB (featureShape [height, width, 3]). */
  channels: 1 | 3;
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
  const layout = resolveClassFolders(listZipEntries(zip, options.maxEntries ?? defaultMaxImageZipEntries));

  if (layout.declaredBytes > maxBytes) {
    throw new PayloadTooLargeError(
      `zip: the images declare ${layout.declaredBytes} bytes uncompressed, over the limit of ${maxBytes} bytes`,
    );
  }
  const sampleSize = height * width * channels;
  const count = layout.samples.length;
  if (count * sampleSize > maxBytes) {
    throw new PayloadTooLargeError(
      `zip: ${count} images of ${height}x${width}x${channels} need ${count * sampleSize} bytes, over the limit of ${maxBytes} bytes`,
    );
  }

  const files = inflateZipEntries(zip, new Set(layout.samples.map((sample) => sample.path)));
  const features = new Uint8Array(count * sampleSize);
  const labels = new Int32Array(count);
  layout.samples.forEach((sample, i) => {
    const image = decodeImage(sample.path, files.get(sample.path) ?? new Uint8Array(0));
    // Drop each inflated file once decoded so peak memory holds one decoded image at a time.
    files.delete(sample.path);
    resizeImageInto(image, { features, offset: i * sampleSize, height, width, channels });
    labels[i] = sample.label;
  });

  return {
    count,
    featureShape: channels === 1 ? [height, width] : [height, width, 3],
    dtype: "uint8",
    numClasses: layout.classNames.length,
    features,
    labels,
    labelNames: layout.classNames,
  };
}

function assertImageZipOptions(options: ImageZipParseOptions): void {
  for (const [name, value] of [["height", options.height], ["width", options.width]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > maxImageZipSide) {
      throw InvalidInputError.forField(
        "body.imageSize",
        `${name} must be an integer in 1..${maxImageZipSide}, got ${String(value)}`,
      );
    }
  }
  const channels: unknown = options.channels;
  if (channels !== 1 && channels !== 3) {
    throw InvalidInputError.forField("body.channels", `must be 1 (grayscale) or 3 (RGB), got ${String(channels)}`);
  }
}
