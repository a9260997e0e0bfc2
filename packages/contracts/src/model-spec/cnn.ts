import { z } from "zod";
import { activationSchema, regularizerSchema } from "./regularizer.js";

export const convLayerSchema = z
  .object({
    filters: z.int().min(1).max(1024),
    kernelSize: z.int().min(1).max(15),
    /** Default 1. */
    strides: z.int().min(1).max(8).default(1),
    /** Default valid. */
    padding: z.enum(["valid", "same"]).default("valid"),
    /** Default relu. */
    activation: activationSchema.default("relu"),
  })
  .strict();

/**
 * The seed's CNN and its options. Defaults give exactly Conv2D(32, 3x3, relu) -> MaxPooling2D(2x2)
 * -> Flatten -> Dense(64, relu) -> Dense(numClasses, softmax). Each `conv` entry is followed by
 * batch normalization (when `batchNorm`) and pooling (unless `pool` is false); each `dense` entry by
 * dropout (when `dropout` > 0). Images [H, W(, C)] use 2-D layers, feature rows [F] 1-D layers.
 */
export const cnnModelSpecSchema = z
  .object({
    type: z.literal("cnn"),
    /** Convolution blocks, default [{ filters: 32, kernelSize: 3 }]. */
    conv: z.array(convLayerSchema).min(1).max(16).default([{ filters: 32, kernelSize: 3, strides: 1, padding: "valid", activation: "relu" }]),
    /** Pooling after each convolution, default { type: "max", size: 2 }; false for none. */
    pool: z
      .union([z.literal(false), z.object({ type: z.enum(["max", "avg"]).default("max"), size: z.int().min(1).max(8).default(2) }).strict()])
      .default({ type: "max", size: 2 }),
    /** Hidden dense layers' units, default [64]. */
    dense: z.array(z.int().min(1).max(8192)).max(8).default([64]),
    /** Dropout rate after each hidden dense layer, default 0 (none). */
    dropout: z.number().min(0).max(0.9).default(0),
    /** Batch normalization after each convolution, default false. */
    batchNorm: z.boolean().default(false),
    /** Kernel penalty on every layer with a kernel. */
    kernelRegularizer: regularizerSchema.optional(),
  })
  .strict();
export type CnnModelSpec = z.infer<typeof cnnModelSpecSchema>;
