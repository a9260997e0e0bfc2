import type * as tfjs from "@tensorflow/tfjs";
import { InvalidInputError, type NumericDataset } from "@trainyard/domain";
import type { GanModels } from "./build-gan.js";

/**
 * Checks that `data` holds images the two networks fit: uint8 or float32 values, samples of the
 * generator's output size, as many values as `count` samples need, and a generator whose output
 * is the discriminator's input. Returns the per-sample image shape.
 *
 * @throws InvalidInputError for field "dataset.id" otherwise.
 */
export function checkGanData(models: GanModels, data: NumericDataset): number[] {
  const fail = (message: string): never => {
    throw InvalidInputError.forField("dataset.id", message);
  };
  if (data.dtype !== "uint8" && data.dtype !== "float32") {
    fail(`a gan model needs image data (uint8 or float32 values); the dataset holds ${data.dtype} values`);
  }
  const imageShape = definedShape(models.generator.outputs[0]) ?? fail("the generator's output shape is not fully defined");
  const discriminatorInput = definedShape(models.discriminator.inputs[0]);
  if (discriminatorInput === undefined || discriminatorInput.join(",") !== imageShape.join(",")) {
    fail(`the generator's output [${imageShape}] is not the discriminator's input [${discriminatorInput ?? "?"}]`);
  }
  const sampleSize = imageShape.reduce((a, b) => a * b, 1);
  const featureSize = data.featureShape.reduce((a, b) => a * b, 1);
  if (sampleSize !== featureSize) fail(`samples of shape [${data.featureShape}] do not fit the generator's output [${imageShape}]`);
  if (data.count < 1) fail("the dataset has no samples");
  if (data.features.length !== data.count * featureSize) {
    fail(`the dataset holds ${data.features.length} values for ${data.count} samples of shape [${data.featureShape}]`);
  }
  return imageShape;
}

function definedShape(tensor: tfjs.SymbolicTensor | undefined): number[] | undefined {
  const shape = tensor?.shape.slice(1);
  return shape === undefined || shape.some((d) => d === null) ? undefined : (shape as number[]);
}
