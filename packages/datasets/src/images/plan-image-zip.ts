import { PayloadTooLargeError } from "@trainyard/domain";
import type { ImageZipSampleShape } from "./image-zip-options.js";
import type { ZipEntryInfo } from "./read-zip-entries.js";
import { resolveClassFolders, type ClassFolderLayout } from "./resolve-class-folders.js";

/** An image zip's classes and samples, checked against the limits, and the features' shape. */
export interface ImageZipPlan extends ClassFolderLayout {
  /** Bytes of one sample's features: height x width x channels. */
  sampleSize: number;
  featureShape: number[];
}

/**
 * Maps a zip's listed entries to classes and samples (`resolveClassFolders`) and checks, before
 * anything is inflated, that the images' declared uncompressed sizes and the features they become
 * each fit in `maxBytes`.
 *
 * @throws DatasetFormatError from `resolveClassFolders`.
 * @throws PayloadTooLargeError when the declared sizes or the features exceed `maxBytes`.
 */
export function planImageZip(entries: readonly ZipEntryInfo[], shape: ImageZipSampleShape, maxBytes: number): ImageZipPlan {
  const { height, width, channels } = shape;
  const layout = resolveClassFolders(entries);
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
  return { ...layout, sampleSize, featureShape: channels === 1 ? [height, width] : [height, width, 3] };
}
