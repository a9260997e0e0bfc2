import { InvalidInputError } from "@trainyard/domain";
import type { PlanInput } from "./model-plan.js";

/** Where dataset errors point in a job spec: the dataset chosen for the model. */
export const datasetPath = "dataset.id";

/** @throws InvalidInputError on "dataset.id" when there are fewer than 2 classes. */
export function assertClassifierLabels(input: PlanInput): void {
  const { numClasses } = input;
  if (!Number.isInteger(numClasses) || numClasses < 2) {
    throw InvalidInputError.forField(datasetPath, `the dataset has ${numClasses} label class(es); a classifier needs at least 2`);
  }
}

/**
 * The sample shape of a numeric (uint8 or float32) dataset: [features], [height, width] or
 * [height, width, channels] with positive sizes.
 *
 * @throws InvalidInputError on "dataset.id" for token or text data, or any other shape.
 */
export function numericSampleShape(input: PlanInput, modelType: string): number[] {
  const { featureShape, dtype } = input;
  if (dtype !== "uint8" && dtype !== "float32") {
    throw InvalidInputError.forField(
      datasetPath,
      `the ${modelType} model needs numeric samples (images or feature rows); this dataset holds ${dtype === "text" ? "raw text" : "token ids"}: train it with the rnn model${dtype === "int32" ? " or a sequential/keras model that starts with an embedding" : ""}`,
    );
  }
  if (featureShape.length < 1 || featureShape.length > 3 || !featureShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw InvalidInputError.forField(
      datasetPath,
      `sample shape [${featureShape.join(", ")}] is not supported by the ${modelType} model: expected [features], [height, width] or [height, width, channels] with positive sizes`,
    );
  }
  return [...featureShape];
}

/**
 * The sample shape a dataset gives a model with an embedding or dense first layer: [length] for
 * token ids, the numeric shape otherwise.
 *
 * @throws InvalidInputError on "dataset.id" for raw text (only the rnn model builds a vocabulary)
 *   or an unsupported shape.
 */
export function sampleShape(input: PlanInput, modelType: string): number[] {
  if (input.dtype === "text") {
    throw InvalidInputError.forField(
      datasetPath,
      `this dataset holds raw text, which trains with the rnn model (it builds the vocabulary); the ${modelType} model needs numbers or token ids`,
    );
  }
  if (input.dtype === "int32") return tokenSampleShape(input, modelType);
  return numericSampleShape(input, modelType);
}

/**
 * The [length] of a dataset of token id sequences.
 *
 * @throws InvalidInputError on "dataset.id" when the shape is not one positive length.
 */
export function tokenSampleShape(input: PlanInput, modelType: string): number[] {
  const { featureShape } = input;
  const [length] = featureShape;
  if (featureShape.length !== 1 || length === undefined || !Number.isInteger(length) || length < 1) {
    throw InvalidInputError.forField(
      datasetPath,
      `token id samples must have shape [length] with a positive length for the ${modelType} model; got [${featureShape.join(", ")}]`,
    );
  }
  return [length];
}
