import { z } from "zod";
import { cnnModelSpecSchema } from "./cnn.js";
import { ganModelSpecSchema } from "./gan.js";
import { kerasModelSpecSchema } from "./keras.js";
import { sequentialModelSpecSchema } from "./layers.js";
import { rnnModelSpecSchema } from "./rnn.js";

export * from "./cnn.js";
export * from "./gan.js";
export * from "./keras.js";
export * from "./layers.js";
export * from "./regularizer.js";
export * from "./rnn.js";

/** Every model a job can train. */
export const modelSpecSchema = z.discriminatedUnion("type", [
  cnnModelSpecSchema,
  rnnModelSpecSchema,
  ganModelSpecSchema,
  sequentialModelSpecSchema,
  kerasModelSpecSchema,
]);
export type ModelSpec = z.infer<typeof modelSpecSchema>;
export type ModelType = ModelSpec["type"];
