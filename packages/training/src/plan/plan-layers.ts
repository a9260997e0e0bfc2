import { InvalidInputError } from "@trainyard/domain";
import { classNameOf, type LayerDef, type ResolvedModel } from "./layer-def.js";
import * as math from "./layer-math.js";
import type { LayerPlan } from "./model-plan.js";

/**
 * Turns a shape problem of layer `index` into the error the user sees; return undefined for the
 * default (the layer's path, plus the option at fault when there is one).
 */
export type ShapeErrorMapper = (layer: LayerDef, index: number, error: math.LayerShapeError, input: number[]) => InvalidInputError | undefined;

/**
 * Measures every layer of `model` in order: output shape and parameter count, by formula.
 *
 * @throws InvalidInputError for the layer's path when a layer does not fit its input.
 */
export function planLayers(model: ResolvedModel, mapError?: ShapeErrorMapper): LayerPlan[] {
  const plans: LayerPlan[] = [];
  let shape = model.inputShape;
  model.layers.forEach((layer, index) => {
    let result: math.LayerResult;
    try {
      result = measure(layer, shape);
    } catch (error) {
      if (!(error instanceof math.LayerShapeError)) throw error;
      const path = error.field === undefined ? layer.path : `${layer.path}.${fieldName(layer, error.field)}`;
      throw mapError?.(layer, index, error, shape) ?? InvalidInputError.forField(path, `${error.message} (layer ${index + 1}, ${layer.name})`);
    }
    plans.push({ name: layer.name, className: classNameOf(layer), outputShape: [null, ...result.shape], params: result.params });
    shape = result.shape;
  });
  return plans;
}

function fieldName(layer: LayerDef, field: string): string {
  return layer.kind === "pool" && field === "poolSize" ? layer.poolSizeField : field;
}

/** One layer's output shape and parameter count for an input of `shape`. */
export function measure(layer: LayerDef, shape: number[]): math.LayerResult {
  switch (layer.kind) {
    case "dense":
      return math.dense(shape, layer.units, layer.useBias);
    case "conv":
      return math.convolution(shape, layer.rank, { ...layer, useBias: true });
    case "pool":
      return math.pooling(shape, layer.rank, layer);
    case "globalAveragePooling":
      return math.globalPooling(shape, layer.rank);
    case "flatten":
      return math.flatten(shape);
    case "dropout":
    case "activation":
      return math.passThrough(shape);
    case "batchNormalization":
      return math.batchNormalization(shape);
    case "embedding":
      return math.embedding(shape, layer.inputDim, layer.outputDim);
    case "recurrent": {
      const inner = math.recurrent(shape, layer.cell, layer.units, layer.returnSequences);
      return layer.bidirectional === undefined ? inner : math.bidirectional(inner, layer.bidirectional);
    }
    case "reshape":
      return math.reshape(shape, layer.targetShape);
  }
}
