import type { RnnModelSpec } from "@trainyard/contracts";
import { numericSampleShape, tokenSampleShape } from "./dataset-checks.js";
import { createNamer, type LayerDef, type ResolvedModel } from "./layer-def.js";
import type { PlanInput } from "./model-plan.js";

const cellNames = { lstm: "lstm", gru: "gru", simple: "simple_rnn" } as const;

/**
 * The RNN's layers for a dataset. On token data (text: [sequenceLength] after tokenizing; int32:
 * [length] as stored) the first layer is Embedding(vocabSize, embeddingDim) named embedding. On
 * numeric data the recurrent layers read [steps, features] directly: [T, F] as is, [F] as [F, 1],
 * [H, W, C] as [H, W x C]. Then `layers` recurrent layers (named lstm, lstm_1, ... or gru /
 * simple_rnn; bidirectional, bidirectional_1, ... when wrapped), all but the last returning
 * sequences, each with `dropout` and `recurrentDropout`. Last, Dense(1, sigmoid) for 2 classes or
 * Dense(numClasses, softmax), named output. `kernelRegularizer` goes on the recurrent kernels and
 * the output layer (an embedding has no kernel).
 *
 * @throws InvalidInputError on "dataset.id" for an unsupported sample shape.
 */
export function resolveRnn(spec: RnnModelSpec, input: PlanInput): ResolvedModel {
  const name = createNamer();
  const regularizer = spec.kernelRegularizer === undefined ? {} : { kernelRegularizer: spec.kernelRegularizer };
  const layers: LayerDef[] = [];
  let inputShape: number[];
  if (input.dtype === "text" || input.dtype === "int32") {
    inputShape = input.dtype === "text" ? [spec.sequenceLength] : tokenSampleShape(input, "rnn");
    layers.push({ kind: "embedding", name: name("embedding"), path: "model.vocabSize", inputDim: spec.vocabSize, outputDim: spec.embeddingDim });
  } else {
    const shape = numericSampleShape(input, "rnn");
    const [first = 1, second = 1, third = 1] = shape;
    inputShape = shape.length === 1 ? [first, 1] : shape.length === 2 ? shape : [first, second * third];
  }
  for (let i = 0; i < spec.layers; i++) {
    const base = spec.bidirectional ? "bidirectional" : cellNames[spec.cell];
    layers.push({
      kind: "recurrent",
      name: name(base),
      path: "model.layers",
      cell: spec.cell,
      units: spec.units,
      returnSequences: i < spec.layers - 1,
      dropout: spec.dropout,
      recurrentDropout: spec.recurrentDropout,
      ...regularizer,
      ...(spec.bidirectional ? { bidirectional: "concat" as const } : {}),
    });
  }
  const binary = input.numClasses === 2;
  layers.push({
    kind: "dense",
    name: "output",
    path: "model",
    units: binary ? 1 : input.numClasses,
    activation: binary ? "sigmoid" : "softmax",
    useBias: true,
    ...regularizer,
  });
  return { inputShape, layers };
}
