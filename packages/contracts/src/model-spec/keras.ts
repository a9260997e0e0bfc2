import { z } from "zod";

/**
 * A Keras model's JSON (`model.to_json()`, Sequential or functional), loaded with TensorFlow.js's
 * Keras deserializer. Unsupported layers are refused at submit with their names.
 */
export const kerasModelSpecSchema = z
  .object({
    type: z.literal("keras"),
    /** The parsed JSON: `{ "class_name": "Sequential" | "Functional" | "Model", "config": {...}, ... }`. */
    config: z
      .object({ class_name: z.string(), config: z.record(z.string(), z.unknown()) })
      .loose(),
  })
  .strict();
export type KerasModelSpec = z.infer<typeof kerasModelSpecSchema>;
