import type { CnnModelSpec } from "@trainyard/contracts";
import { InvalidInputError } from "@trainyard/domain";
import { datasetPath, numericSampleShape } from "./dataset-checks.js";
import { createNamer, type LayerDef, type ResolvedModel } from "./layer-def.js";
import { windowLength } from "./layer-math.js";
import type { ShapeErrorMapper } from "./plan-layers.js";
import type { PlanInput } from "./model-plan.js";

/**
 * The CNN's layers for a dataset. Per `conv` entry: Conv (named conv, conv_1, ...), then
 * BatchNormalization (batch_norm, ... when `batchNorm`), then pooling (pool, ... unless `pool` is
 * false). Then Flatten, per `dense` entry a Dense (hidden, hidden_1, ...) and a Dropout (dropout,
 * ... when `dropout` > 0), and Dense(numClasses, softmax) named output. 2-D layers for [H, W]
 * (one channel added) and [H, W, C] samples, 1-D layers for [F] samples (seen as [F, 1]).
 * `kernelRegularizer` goes on every convolution and dense layer.
 *
 * @throws InvalidInputError on "dataset.id" for non-numeric data or an unsupported sample shape.
 */
export function resolveCnn(spec: CnnModelSpec, input: PlanInput): ResolvedModel {
  const featureShape = numericSampleShape(input, "cnn");
  const inputShape = featureShape.length === 3 ? featureShape : [...featureShape, 1];
  const rank = inputShape.length === 2 ? 1 : 2;
  const name = createNamer();
  const regularizer = spec.kernelRegularizer === undefined ? {} : { kernelRegularizer: spec.kernelRegularizer };
  const layers: LayerDef[] = [];
  spec.conv.forEach((conv, i) => {
    layers.push({
      kind: "conv",
      name: name("conv"),
      path: `model.conv.${i}`,
      rank,
      filters: conv.filters,
      kernelSize: Array<number>(rank).fill(conv.kernelSize),
      strides: Array<number>(rank).fill(conv.strides),
      padding: conv.padding,
      activation: conv.activation,
      ...regularizer,
    });
    if (spec.batchNorm) {
      layers.push({ kind: "batchNormalization", name: name("batch_norm"), path: "model.batchNorm", momentum: 0.99, epsilon: 0.001 });
    }
    if (spec.pool !== false) {
      const size = Array<number>(rank).fill(spec.pool.size);
      const mode = spec.pool.type;
      layers.push({ kind: "pool", name: name("pool"), path: "model.pool", poolSizeField: "size", rank, mode, poolSize: size, strides: size, padding: "valid" });
    }
  });
  layers.push({ kind: "flatten", name: name("flatten"), path: "model" });
  spec.dense.forEach((units, i) => {
    layers.push({ kind: "dense", name: name("hidden"), path: `model.dense.${i}`, units, activation: "relu", useBias: true, ...regularizer });
    if (spec.dropout > 0) layers.push({ kind: "dropout", name: name("dropout"), path: "model.dropout", rate: spec.dropout });
  });
  layers.push({ kind: "dense", name: "output", path: "model", units: input.numClasses, activation: "softmax", useBias: true, ...regularizer });
  return { inputShape, layers };
}

/**
 * Blames the dataset when the first convolution block does not fit the samples (the sizes the seed
 * CNN needs are a property of the data), and the spec's option for any later block.
 */
export function cnnShapeErrors(spec: CnnModelSpec, input: PlanInput): ShapeErrorMapper {
  return (layer, index) => {
    const firstBlock = index < 1 + (spec.batchNorm ? 1 : 0) + (spec.pool === false ? 0 : 1);
    if (!firstBlock || (layer.kind !== "conv" && layer.kind !== "pool")) return undefined;
    const conv = spec.conv[0];
    if (conv === undefined) return undefined;
    const pool = spec.pool === false ? undefined : spec.pool.size;
    const minimum = minimumLength(conv.kernelSize, conv.strides, conv.padding, pool);
    const axes = input.featureShape.length === 1 ? "feature" : "height and width";
    const needs = pool === undefined ? `its ${conv.kernelSize}-wide convolution needs` : `its ${conv.kernelSize}-wide convolution and ${pool}-wide pooling need`;
    return InvalidInputError.forField(
      datasetPath,
      `sample shape [${input.featureShape.join(", ")}] is too small for the cnn model: ${needs} at least ${minimum} values along each of the ${axes} axes`,
    );
  };
}

/** Smallest input length that survives a convolution and an optional pooling of stride = size. */
function minimumLength(kernel: number, stride: number, padding: "valid" | "same", pool: number | undefined): number {
  for (let length = 1; ; length++) {
    const out = windowLength(length, kernel, stride, padding);
    if (out >= 1 && (pool === undefined || windowLength(out, pool, pool, "valid") >= 1)) return length;
  }
}
