import { DatasetFormatError, type NumericDataset } from "@trainyard/domain";
import { defaultMaxDecompressedBytes, gunzipIfCompressed } from "../gunzip-if-compressed.js";
import { readIdxFile, type IdxFile, type IdxFileKind } from "./read-idx-file.js";

const imagesMagic = 0x00000803;
const imagesWithChannelsMagic = 0x00000804;
const labelsMagic = 0x00000801;

export const imagesKind: IdxFileKind = {
  file: "images",
  magics: [imagesMagic, imagesWithChannelsMagic],
  dimNames: ["count", "rows", "columns", "channels"],
  elementName: "pixel",
  otherMagics: [labelsMagic],
};

export const labelsKind: IdxFileKind = {
  file: "labels",
  magics: [labelsMagic],
  dimNames: ["count"],
  elementName: "label",
  otherMagics: [imagesMagic, imagesWithChannelsMagic],
};

/** The two files of an IDX dataset (MNIST layout), each raw or gzip-compressed. */
export interface IdxDatasetInput {
  /** IDX images: magic 0x00000803 (N x H x W) or 0x00000804 (N x H x W x C), unsigned bytes. */
  images: Uint8Array;
  /** IDX labels: magic 0x00000801 (N), unsigned bytes. */
  labels: Uint8Array;
}

export interface IdxParseOptions {
  /** Largest decompressed size of each file, default 1 GiB. */
  maxDecompressedBytes?: number;
}

/**
 * Parses an MNIST-style IDX dataset. Features are uint8 of shape [H, W] (or [H, W, C] for
 * 0x00000804 files) and are a view of the (decompressed) images bytes, not a copy;
 * numClasses is the largest label + 1.
 *
 * @throws DatasetFormatError whose location names the file ("images" or "labels") and the byte
 *   offset of the problem. Offsets count in the decompressed data when a file was gzipped.
 * @throws PayloadTooLargeError when a gzipped file decompresses beyond the limit.
 */
export function parseIdxDataset(input: IdxDatasetInput, options: IdxParseOptions = {}): NumericDataset {
  const maxBytes = options.maxDecompressedBytes ?? defaultMaxDecompressedBytes;
  const images = readIdxFile(imagesKind, gunzipIfCompressed("images", input.images, maxBytes));
  const labels = readIdxFile(labelsKind, gunzipIfCompressed("labels", input.labels, maxBytes));

  const [imageCount = 0, ...featureShape] = images.dims;
  const { labels: labelValues, maxLabel } = readIdxLabels(labels, imageCount);
  return {
    count: imageCount,
    featureShape,
    dtype: "uint8",
    numClasses: maxLabel + 1,
    features: images.data,
    labels: labelValues,
  };
}

/**
 * The labels of a checked labels file as int32, and the largest.
 * @throws DatasetFormatError when their count is not `imageCount` or every label is 0.
 */
export function readIdxLabels(labels: IdxFile, imageCount: number): { labels: Int32Array; maxLabel: number } {
  const labelCount = labels.dims[0] ?? 0;
  if (imageCount !== labelCount) {
    throw new DatasetFormatError(
      `images and labels have different counts: ${imageCount} images, ${labelCount} labels`,
      { file: "labels", byteOffset: 4 },
    );
  }
  const labelValues = new Int32Array(labelCount);
  let maxLabel = 0;
  for (let i = 0; i < labelCount; i++) {
    const label = labels.data[i] ?? 0;
    labelValues[i] = label;
    if (label > maxLabel) maxLabel = label;
  }
  if (maxLabel < 1) {
    throw new DatasetFormatError("labels must span at least 2 classes, but every label is 0", {
      file: "labels",
      byteOffset: labels.dataOffset,
    });
  }
  return { labels: labelValues, maxLabel };
}
