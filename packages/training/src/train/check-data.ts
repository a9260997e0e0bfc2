import type * as tfjs from "@tensorflow/tfjs";
import { InvalidInputError } from "@trainyard/domain";
import { isStreamedDataset, type TrainingData } from "./streamed-dataset.js";

/** What {@link checkData} learned about the model. */
export interface ModelIo {
  /** Per-sample input shape, e.g. [28, 28, 1] or [sequenceLength]. */
  inputShape: number[];
  /** Width of the `[batch, units]` output: 1 (binary) or the class count. */
  outputUnits: number;
}

/**
 * Checks `data` against the model and itself: one input whose shape holds exactly a sample's
 * features, one `[batch, units]` output with a unit per class (or 1 unit for two classes), labels in
 * range, and, when the first layer is an Embedding, token ids in `0..inputDim-1` (for a streamed
 * dataset: its recorded `maxTokenId` below inputDim, as the features are not in memory to scan).
 *
 * @throws InvalidInputError for field "dataset.id" when they do not fit.
 */
export function checkData(model: tfjs.LayersModel, data: TrainingData): ModelIo {
  const fail = (message: string): never => {
    throw InvalidInputError.forField("dataset.id", message);
  };
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    fail(`the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; training needs 1 of each`);
  }
  const inputShape = model.inputs[0]?.shape.slice(1) ?? [];
  if (inputShape.some((d) => d === null)) fail(`the model's input shape [${inputShape}] is not fully defined`);
  const shape = inputShape as number[];
  const sampleSize = shape.reduce((a, b) => a * b, 1);
  const featureSize = data.featureShape.reduce((a, b) => a * b, 1);
  if (sampleSize !== featureSize) {
    fail(`samples of shape [${data.featureShape}] do not fit the model's input [${shape}]`);
  }
  const features = isStreamedDataset(data) ? data.count * featureSize : data.features.length;
  if (features !== data.count * featureSize || data.labels.length !== data.count) {
    fail(`the dataset holds ${features} features and ${data.labels.length} labels for ${data.count} samples of shape [${data.featureShape}]`);
  }
  const outputShape = model.outputs[0]?.shape ?? [];
  const units = outputShape[1];
  if (outputShape.length !== 2 || typeof units !== "number") fail(`the model's output shape [${outputShape}] is not [batch, units]`);
  const outputUnits = units as number;
  const fits = outputUnits === 1 ? data.numClasses === 2 : outputUnits === data.numClasses;
  if (!fits) fail(`the model has ${outputUnits} outputs for ${data.numClasses} classes`);
  for (const label of data.labels) {
    if (label < 0 || label >= data.numClasses) fail(`label ${label} is outside 0..${data.numClasses - 1}`);
  }
  checkTokenIds(model, data, fail);
  return { inputShape: shape, outputUnits };
}

/** Out-of-range ids would make the Embedding's gather read outside its table. */
function checkTokenIds(model: tfjs.LayersModel, data: TrainingData, fail: (message: string) => never): void {
  const first = model.layers.find((layer) => layer.getClassName() !== "InputLayer");
  if (first?.getClassName() !== "Embedding") return;
  const inputDim = Number(first.getConfig()["inputDim"]);
  if (isStreamedDataset(data)) {
    // Ids were checked to be >= 0 when the dataset was stored; only the top can outgrow a vocabulary.
    if (data.maxTokenId !== null && data.maxTokenId >= inputDim) {
      fail(`token ids go up to ${data.maxTokenId}, outside the embedding's vocabulary 0..${inputDim - 1}`);
    }
    return;
  }
  let min = Infinity;
  let max = -Infinity;
  for (const id of data.features) {
    if (id < min) min = id;
    if (id > max) max = id;
  }
  if (data.count > 0 && (min < 0 || max >= inputDim)) {
    fail(`token ids span ${min}..${max}, outside the embedding's vocabulary 0..${inputDim - 1}`);
  }
}
