import { z } from "zod";
import { activationSchema, regularizerSchema } from "./regularizer.js";

const kernel = { kernelRegularizer: regularizerSchema.optional() };
const size = z.int().min(1).max(15);
const units = z.int().min(1).max(8192);

const dense = z.object({ type: z.literal("dense"), units, activation: activationSchema.default("linear"), useBias: z.boolean().default(true), ...kernel }).strict();
const conv1d = z
  .object({ type: z.literal("conv1d"), filters: z.int().min(1).max(1024), kernelSize: size, strides: z.int().min(1).max(8).default(1), padding: z.enum(["valid", "same"]).default("valid"), activation: activationSchema.default("linear"), ...kernel })
  .strict();
const conv2d = conv1d.extend({ type: z.literal("conv2d") }).strict();
/** Pooling layers pick 1-D or 2-D from their input's rank. */
const maxPooling = z.object({ type: z.literal("maxPooling"), poolSize: z.int().min(1).max(8).default(2), strides: z.int().min(1).max(8).optional(), padding: z.enum(["valid", "same"]).default("valid") }).strict();
const averagePooling = maxPooling.extend({ type: z.literal("averagePooling") }).strict();
const globalAveragePooling = z.object({ type: z.literal("globalAveragePooling") }).strict();
const flatten = z.object({ type: z.literal("flatten") }).strict();
const dropout = z.object({ type: z.literal("dropout"), rate: z.number().min(0).max(0.95) }).strict();
const batchNormalization = z.object({ type: z.literal("batchNormalization"), momentum: z.number().min(0).max(1).default(0.99), epsilon: z.number().gt(0).max(1).default(0.001) }).strict();
const embedding = z.object({ type: z.literal("embedding"), inputDim: z.int().min(2).max(200_000), outputDim: z.int().min(1).max(1024), ...kernel }).strict();
const recurrentFields = {
  units: z.int().min(1).max(1024),
  returnSequences: z.boolean().default(false),
  dropout: z.number().min(0).max(0.9).default(0),
  recurrentDropout: z.number().min(0).max(0.9).default(0),
  ...kernel,
};
const lstm = z.object({ type: z.literal("lstm"), ...recurrentFields }).strict();
const gru = z.object({ type: z.literal("gru"), ...recurrentFields }).strict();
const simpleRNN = z.object({ type: z.literal("simpleRNN"), ...recurrentFields }).strict();
const bidirectional = z
  .object({ type: z.literal("bidirectional"), layer: z.discriminatedUnion("type", [lstm, gru, simpleRNN]), mergeMode: z.enum(["concat", "sum", "mul", "ave"]).default("concat") })
  .strict();
const reshape = z.object({ type: z.literal("reshape"), targetShape: z.array(z.int().min(1).max(65_536)).min(1).max(4) }).strict();
const activation = z.object({ type: z.literal("activation"), activation: activationSchema }).strict();

/** One layer of a `sequential` model: the allowlist of TensorFlow.js layers users may stack. */
export const layerSpecSchema = z.discriminatedUnion("type", [
  dense,
  conv1d,
  conv2d,
  maxPooling,
  averagePooling,
  globalAveragePooling,
  flatten,
  dropout,
  batchNormalization,
  embedding,
  lstm,
  gru,
  simpleRNN,
  bidirectional,
  reshape,
  activation,
]);
export type LayerSpec = z.infer<typeof layerSpecSchema>;
export const layerTypes = layerSpecSchema.options.map((option) => option.shape.type.value);

/**
 * The user's own layer list. The input shape comes from the dataset; the last layer must output
 * one unit per class (softmax), or 1 unit (sigmoid) for two classes.
 */
export const sequentialModelSpecSchema = z
  .object({
    type: z.literal("sequential"),
    layers: z.array(layerSpecSchema).min(1).max(200),
  })
  .strict();
export type SequentialModelSpec = z.infer<typeof sequentialModelSpecSchema>;
