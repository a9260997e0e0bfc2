import type * as tfjs from "@tensorflow/tfjs";
import type { LayerPlan } from "../plan/model-plan.js";

/**
 * A built model's layers in the form `planModel` predicts them (input layers left out): name,
 * class, output shape and parameter count as tfjs reports them. Lets tests and callers check a
 * plan against what was actually built.
 */
export function describeModel(model: tfjs.LayersModel): LayerPlan[] {
  return model.layers
    .filter((layer) => layer.getClassName() !== "InputLayer")
    .map((layer) => ({
      name: layer.name,
      className: layer.getClassName(),
      outputShape: layer.outputShape as (number | null)[],
      params: layer.countParams(),
    }));
}
