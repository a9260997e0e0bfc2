import { z } from "zod";

export const datasetFormats = ["idx", "csv", "jsonl"] as const;
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
    /** CSV only: the header name (or 0-based index) of the integer label column. */
    labelColumn: z.string().min(1).max(200).optional(),
  })
  .strict();
export type DatasetUploadFields = z.infer<typeof datasetUploadFieldsSchema>;

/** A dataset as the API shows it. */
export const datasetSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  format: datasetFormatSchema,
  count: z.int(),
  featureShape: z.array(z.int()),
  dtype: z.enum(featureDtypes),
  numClasses: z.int(),
  sha256: z.string(),
  sizeBytes: z.int(),
  createdAt: z.iso.datetime(),
});
export type DatasetView = z.infer<typeof datasetSchema>;
