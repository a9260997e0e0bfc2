import { z } from "zod";

export const datasetFormats = ["idx", "csv", "jsonl", "npy", "images"] as const;
export const datasetFormatSchema = z.enum(datasetFormats);
export type DatasetFormat = z.infer<typeof datasetFormatSchema>;

/**
 * How a dataset's samples are stored: uint8 (images), float32 (numeric features), int32 (token id
 * sequences, 0-padded to featureShape [maxLength]) or text (raw strings, tokenized by the worker).
 */
export const featureDtypes = ["uint8", "float32", "int32", "text"] as const;
export type FeatureDtype = (typeof featureDtypes)[number];

/** Fields of the multipart POST /v1/datasets besides its files. */
export const datasetUploadFieldsSchema = z
  .object({
    format: datasetFormatSchema,
    /** Display name, default: the first file's name. */
    name: z.string().min(1).max(200).optional(),
    /** CSV only: the header name (or 0-based index) of the label column (integers, or names mapped to ids). */
    labelColumn: z.string().min(1).max(200).optional(),
    /** CSV only: comma-separated header names (or 0-based indices) of the feature columns; default all but the label. */
    featureColumns: z.string().min(1).max(10_000).optional(),
    /** images only: the size every image is resized to, "HxW" (e.g. "28x28") or one number for a square. */
    imageSize: z.string().regex(/^\d{1,4}(x\d{1,4})?$/, "expected HxW, e.g. 28x28, or one number").optional(),
    /** images only: 1 (grayscale, default) or 3 (RGB). */
    channels: z.enum(["1", "3"]).optional(),
  })
  .strict();
export type DatasetUploadFields = z.infer<typeof datasetUploadFieldsSchema>;

/**
 * POST /v1/datasets with a JSON body: a dataset read from where it already is. `uri` for one-file
 * formats (csv, jsonl, images), `files` for two-file formats (idx: images, labels; npy: x, y).
 * Schemes: s3://bucket/key, file:// under DATASETS_ROOT, https:// from ALLOW_HTTP_DATASETS hosts.
 */
export const datasetReferenceSchema = datasetUploadFieldsSchema
  .extend({
    uri: z.string().min(1).max(4096).optional(),
    files: z.record(z.string(), z.string().min(1).max(4096)).optional(),
  })
  .strict();
export type DatasetReference = z.infer<typeof datasetReferenceSchema>;

export const datasetStatuses = ["READY", "PENDING", "INVALID"] as const;

/** Statistics computed at upload. */
export const datasetStatsSchema = z.object({
  /** Samples per label, index = label. */
  classCounts: z.array(z.int()),
  /** Over every feature value of every sample; null for text. */
  featureMin: z.number().nullable(),
  featureMax: z.number().nullable(),
  featureMean: z.number().nullable(),
  /** Text datasets: words per text. */
  wordsPerText: z.object({ min: z.int(), max: z.int(), mean: z.number() }).nullable(),
});
export type DatasetStats = z.infer<typeof datasetStatsSchema>;

/** A dataset as the API shows it. */
export const datasetSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** 1 for the first upload under this name, then 2, 3, ... for different bytes under the same name. */
  version: z.int(),
  /** READY to train on; PENDING while a referenced dataset is read and checked; INVALID (statusReason says why). */
  status: z.enum(datasetStatuses),
  statusReason: z.string().nullable(),
  /** Where a referenced dataset was read from. */
  source: z.object({ uri: z.string().optional(), files: z.record(z.string(), z.string()).optional() }).nullable(),
  format: datasetFormatSchema,
  count: z.int(),
  featureShape: z.array(z.int()),
  dtype: z.enum(featureDtypes),
  numClasses: z.int(),
  /** sha256 of the uploaded files' bytes in field order (and of the reading options, when given): the same content gives the same dataset. */
  sha256: z.string(),
  sizeBytes: z.int(),
  stats: datasetStatsSchema.nullable(),
  /** The name of each label id when the labels were names (categorical CSV labels, image folders). */
  labelNames: z.array(z.string()).nullable(),
  createdAt: z.iso.datetime(),
});

/** GET /v1/datasets/:id/preview: the first samples. */
export const datasetPreviewSchema = z.object({
  items: z.array(
    z.object({
      index: z.int(),
      label: z.int(),
      /** Images (uint8 [H, W] or [H, W, 1 | 3]) as PNG data URLs. */
      image: z.string().optional(),
      /** Numeric samples: the feature values (at most 256 shown). */
      features: z.array(z.number()).optional(),
      text: z.string().optional(),
    }),
  ),
});
export const datasetPreviewQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) }).strict();
export type DatasetView = z.infer<typeof datasetSchema>;
