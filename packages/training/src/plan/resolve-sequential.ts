import type { LayerSpec, SequentialModelSpec } from "@trainyard/contracts";
import { InvalidInputError } from "@trainyard/domain";
import { sampleShape } from "./dataset-checks.js";
import type { LayerDef, ResolvedModel } from "./layer-def.js";
import { LayerShapeError } from "./layer-math.js";
import type { PlanInput } from "./model-plan.js";
import { measure } from "./plan-layers.js";

/** The rank of input (channels included) each first layer needs; absent: no requirement. */
const neededRank: Partial<Record<LayerSpec["type"], number>> = { conv1d: 2, conv2d: 3, lstm: 2, gru: 2, simpleRNN: 2, bidirectional: 2 };

/**
 * The user's layer list for a dataset. Layer i is named `<type>_<i>` (dense_0, conv2d_1, ...).
 * The input is the sample shape ([length] for token ids), with a channel axis of 1 added when the
 * first layer needs one more axis (conv2d on [H, W], conv1d or a recurrent layer on [F]), and for
 * pooling first ([H, W] as [H, W, 1], [F] as [F, 1]). Pooling layers are 1-D or 2-D after their
 * input's rank.
 *
 * Resolution stops after the first layer whose input does not fit; planning that list reports it.
 *
 * @throws InvalidInputError on "dataset.id" for raw text or an unsupported sample shape, and on
 *   "model.layers.<i>" when pooling gets an input of the wrong rank.
 */
export function resolveSequential(spec: SequentialModelSpec, input: PlanInput): ResolvedModel {
  const shape = sampleShape(input, "sequential");
  const first = spec.layers[0];
  const isPooling = first?.type === "maxPooling" || first?.type === "averagePooling" || first?.type === "globalAveragePooling";
  const rank = first === undefined ? undefined : neededRank[first.type];
  const addChannel = input.dtype !== "int32" && ((rank !== undefined && shape.length + 1 === rank) || (isPooling && shape.length < 3));
  const inputShape = addChannel ? [...shape, 1] : shape;

  const layers: LayerDef[] = [];
  let current = inputShape;
  for (const [index, layer] of spec.layers.entries()) {
    const def = resolveLayer(layer, index, current);
    layers.push(def);
    try {
      current = measure(def, current).shape;
    } catch (error) {
      if (error instanceof LayerShapeError) break;
      throw error;
    }
  }
  return { inputShape, layers };
}

function resolveLayer(layer: LayerSpec, index: number, input: number[]): LayerDef {
  const base = { name: `${layer.type}_${index}`, path: `model.layers.${index}` };
  const regularizer = "kernelRegularizer" in layer && layer.kernelRegularizer !== undefined ? { kernelRegularizer: layer.kernelRegularizer } : {};
  switch (layer.type) {
    case "dense":
      return { ...base, kind: "dense", units: layer.units, activation: layer.activation, useBias: layer.useBias, ...regularizer };
    case "conv1d":
    case "conv2d": {
      const rank = layer.type === "conv1d" ? 1 : 2;
      const { filters, padding, activation } = layer;
      return { ...base, kind: "conv", rank, filters, padding, activation, kernelSize: Array<number>(rank).fill(layer.kernelSize), strides: Array<number>(rank).fill(layer.strides), ...regularizer };
    }
    case "maxPooling":
    case "averagePooling": {
      const rank = poolingRank(input, index);
      const poolSize = Array<number>(rank).fill(layer.poolSize);
      const strides = Array<number>(rank).fill(layer.strides ?? layer.poolSize);
      return { ...base, kind: "pool", rank, mode: layer.type === "maxPooling" ? "max" : "avg", poolSize, strides, padding: layer.padding, poolSizeField: "poolSize" };
    }
    case "globalAveragePooling":
      return { ...base, kind: "globalAveragePooling", rank: poolingRank(input, index) };
    case "flatten":
      return { ...base, kind: "flatten" };
    case "dropout":
      return { ...base, kind: "dropout", rate: layer.rate };
    case "batchNormalization":
      return { ...base, kind: "batchNormalization", momentum: layer.momentum, epsilon: layer.epsilon };
    case "embedding":
      return { ...base, kind: "embedding", inputDim: layer.inputDim, outputDim: layer.outputDim, ...(layer.kernelRegularizer === undefined ? {} : { embeddingsRegularizer: layer.kernelRegularizer }) };
    case "lstm":
    case "gru":
    case "simpleRNN":
      return { ...base, ...recurrentOf(layer) };
    case "bidirectional":
      return { ...base, ...recurrentOf(layer.layer), bidirectional: layer.mergeMode };
    case "reshape":
      return { ...base, kind: "reshape", targetShape: layer.targetShape };
    case "activation":
      return { ...base, kind: "activation", activation: layer.activation };
  }
}

type RecurrentSpec = Extract<LayerSpec, { type: "lstm" | "gru" | "simpleRNN" }>;

function recurrentOf(layer: RecurrentSpec): Omit<Extract<LayerDef, { kind: "recurrent" }>, "name" | "path"> {
  const cell = layer.type === "simpleRNN" ? "simple" : layer.type;
  const { units, returnSequences, dropout, recurrentDropout, kernelRegularizer } = layer;
  return { kind: "recurrent", cell, units, returnSequences, dropout, recurrentDropout, ...(kernelRegularizer === undefined ? {} : { kernelRegularizer }) };
}

function poolingRank(input: number[], index: number): 1 | 2 {
  if (input.length === 2) return 1;
  if (input.length === 3) return 2;
  throw InvalidInputError.forField(
    `model.layers.${index}`,
    `pooling needs [steps, channels] or [height, width, channels] samples, but its input is [${input.join(", ")}] (layer ${index + 1})`,
  );
}
