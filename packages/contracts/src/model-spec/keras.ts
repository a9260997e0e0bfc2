import { z } from "zod";
import { isJsonWithin } from "./json-depth.js";

/** Bounds of a Keras JSON: deeper or larger documents are refused before anything walks them. */
export const kerasJsonLimits = { maxDepth: 64, maxNodes: 200_000 } as const;

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
      .loose()
      .refine((config) => isJsonWithin(config, kerasJsonLimits), {
        message: `nests deeper than ${kerasJsonLimits.maxDepth} levels or has more than ${kerasJsonLimits.maxNodes} values`,
      }),
  })
  .strict();
export type KerasModelSpec = z.infer<typeof kerasModelSpecSchema>;
