import type { lossNames } from "@trainyard/contracts";
import { InvalidInputError } from "@trainyard/domain";

/** A loss `trainModel` minimises. */
export type LossName = (typeof lossNames)[number];

/**
 * The loss to train with: `loss` when given, else from the model's output width: one unit (a
 * sigmoid over two classes) takes binaryCrossentropy, several units sparseCategoricalCrossentropy.
 * No TensorFlow.js import.
 *
 * @throws InvalidInputError on field "training.loss" for sparseCategoricalCrossentropy on a
 *   one-unit output (it needs one probability per class).
 */
export function resolveLoss(loss: LossName | undefined, outputUnits: number): LossName {
  if (loss === undefined) return outputUnits === 1 ? "binaryCrossentropy" : "sparseCategoricalCrossentropy";
  if (loss === "sparseCategoricalCrossentropy" && outputUnits === 1) {
    throw InvalidInputError.forField(
      "training.loss",
      "sparseCategoricalCrossentropy needs one output unit per class; this model has 1 (use binaryCrossentropy or meanSquaredError)",
    );
  }
  return loss;
}
