import type * as tfjs from "@tensorflow/tfjs";
import type { ModelSpec } from "@trainyard/contracts";
import { buildKerasModel } from "../keras/build-keras-model.js";
import type { PlanInput } from "../plan/model-plan.js";
import { planLayers } from "../plan/plan-layers.js";
import { resolveLayerList } from "../plan/resolve-model.js";
import { createLayer } from "./create-layer.js";
import { initializeRecurrentWeights } from "./initialize-recurrent-weights.js";
import { releaseDropoutMasksOnDispose } from "./release-dropout-masks.js";
import { UnsupportedModelError } from "./unsupported-model-error.js";

/**
 * Builds the (uncompiled) `tf.LayersModel` that `planModel` describes for `spec` and the dataset:
 * same layer names, output shapes and parameter counts. cnn, rnn and sequential models are a
 * `tf.sequential` named after the family; a keras model is deserialized from its JSON. It does not
 * check the service's limits: `planModel` does that at submit. `model.dispose()` frees every tensor
 * the model holds, its recurrent layers' dropout masks included.
 *
 * @param seed When given, every random initializer is seeded from it (layer i uses `seed + i`;
 *   recurrent kernels get seeded orthogonal values), so the same seed builds the same weights;
 *   biases start at zero either way. Default: random.
 * @throws InvalidInputError when the dataset does not fit the model (see `planModel`).
 * @throws UnsupportedModelError for a gan spec: GANs are built by `buildGan`.
 */
export function buildModel(tf: typeof tfjs, spec: ModelSpec, input: PlanInput, seed?: number): tfjs.LayersModel {
  if (spec.type === "gan") throw new UnsupportedModelError("buildModel does not build GANs: use buildGan");
  if (spec.type === "keras") {
    const model = buildKerasModel(tf, spec, input, seed);
    releaseDropoutMasksOnDispose(model);
    return model;
  }
  const { model: resolved, mapError } = resolveLayerList(spec, input);
  planLayers(resolved, mapError);
  const model = tf.sequential({ name: spec.type });
  try {
    resolved.layers.forEach((def, i) => {
      const layerSeed = seed === undefined ? {} : { seed: seed + i };
      const layer = createLayer(tf, def, { ...(i === 0 ? { inputShape: resolved.inputShape } : {}), ...layerSeed });
      model.add(layer);
      if (def.kind === "recurrent") initializeRecurrentWeights(tf, layer, { ...layerSeed, lstmForgetBias: def.cell === "lstm" });
    });
  } catch (error) {
    model.dispose();
    throw error;
  }
  releaseDropoutMasksOnDispose(model);
  return model;
}
