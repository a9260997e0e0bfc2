import { DatasetFormatError, type NumericDataset } from "@trainyard/domain";
import { defaultMaxDecompressedBytes, gunzipIfCompressed } from "../gunzip-if-compressed.js";
import { featureDtypes, labelDtypes } from "./npy-dtypes.js";
import { readNpyFeatures } from "./read-npy-features.js";
import { formatShape, readNpyFile, type NpyFile, type NpyHeader } from "./read-npy-file.js";
import { readNpyLabels } from "./read-npy-labels.js";

/** The two .npy files of a dataset, each raw or gzip-compressed. */
export interface NpyDatasetInput {
  /** Features: '|u1' (uint8), '<f4' (float32) or '<f8' (converted to float32), shape (N, ...). */
  x: Uint8Array;
  /** Integer labels >= 0 ('|u1', '|i1', '<i2', '<u2', '<i4', '<u4', '<i8', '<u8'), shape (N,) or (N, 1). */
  y: Uint8Array;
}

export interface NpyParseOptions {
  /** Largest decompressed size of each file, default 1 GiB. */
  maxDecompressedBytes?: number;
}

/**
 * Parses a dataset saved with NumPy's `np.save` as two files, x and y (.npy format 1.0, 2.0 or
 * 3.0, C order, little-endian). Features keep x's shape without N as featureShape, as uint8 (a
 * view of the decompressed x bytes) or float32; numClasses is the largest label + 1.
 *
 * @throws DatasetFormatError whose location names the file ("x" or "y") and the byte offset of
 *   the problem: bad magic (0), unsupported version (6), bad header, Fortran order, big-endian
 *   or unsupported dtype, wrong shape (at the header's 'shape'), truncated data (at the end, with
 *   expected and actual sizes), trailing bytes, different counts (y's 'shape'), a negative label
 *   or non-finite feature (at the element), fewer than 2 classes. Offsets count in the
 *   decompressed data when a file was gzipped.
 * @throws PayloadTooLargeError when a gzipped file decompresses beyond the limit.
 */
export function parseNpyDataset(input: NpyDatasetInput, options: NpyParseOptions = {}): NumericDataset {
  const maxBytes = options.maxDecompressedBytes ?? defaultMaxDecompressedBytes;
  const x = readNpyFile({ file: "x", dtypes: featureDtypes }, gunzipIfCompressed("x", input.x, maxBytes));
  const y = readNpyFile({ file: "y", dtypes: labelDtypes }, gunzipIfCompressed("y", input.y, maxBytes));

  const { count, featureShape, labels, maxLabel } = checkNpyPair(x, y);
  const features = readNpyFeatures(x);
  return {
    count,
    featureShape,
    dtype: features instanceof Float32Array ? "float32" : "uint8",
    numClasses: maxLabel + 1,
    features,
    labels,
  };
}

/**
 * Checks x's and y's shapes against each other and reads y's labels: what a dataset of two .npy
 * files needs besides x's values.
 * @throws DatasetFormatError as {@link parseNpyDataset} does, but for x's values.
 */
export function checkNpyPair(
  x: NpyHeader,
  y: NpyFile,
): { count: number; featureShape: number[]; labels: Int32Array; maxLabel: number } {
  const [count = 0, ...featureShape] = x.shape;
  if (featureShape.length === 0) {
    throw shapeError(x, "x must have shape (N, ...) with at least one feature dimension");
  }
  if (count === 0) throw shapeError(x, "x holds no samples");
  if (featureShape.includes(0)) throw shapeError(x, "x has a feature dimension of size 0");
  const [labelCount = 0, ...rest] = y.shape;
  if (y.shape.length === 0 || rest.length > 1 || (rest.length === 1 && rest[0] !== 1)) {
    throw shapeError(y, "y must have shape (N,) or (N, 1)");
  }
  if (labelCount !== count) {
    throw new DatasetFormatError(`x and y have different counts: ${count} samples in x, ${labelCount} labels in y`, {
      file: "y",
      byteOffset: y.shapeOffset,
    });
  }
  const { labels, maxLabel } = readNpyLabels(y);
  if (maxLabel < 1) {
    throw new DatasetFormatError("labels must span at least 2 classes, but every label is 0", {
      file: "y",
      byteOffset: y.dataOffset,
    });
  }
  return { count, featureShape, labels, maxLabel };
}

function shapeError(file: NpyHeader, message: string): DatasetFormatError {
  return new DatasetFormatError(`${message}, found shape ${formatShape(file.shape)}`, {
    file: file.file,
    byteOffset: file.shapeOffset,
  });
}
