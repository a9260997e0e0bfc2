import type * as tfjs from "@tensorflow/tfjs";
import type { KerasModelSpec } from "@trainyard/contracts";
import { InvalidInputError } from "@trainyard/domain";
import { initializeRecurrentWeights } from "../model/initialize-recurrent-weights.js";
import type { PlanInput } from "../plan/model-plan.js";
import { planKeras } from "./plan-keras.js";
import { prepareKerasJson } from "./prepare-keras-json.js";
import { pythonicToTs } from "./pythonic-to-ts.js";
import { kerasConfigPath } from "./read-keras-graph.js";

/**
 * Builds a Keras model's JSON with TensorFlow.js's Keras deserializer (synchronously: the same
 * steps as `tf.models.modelFromJSON` without weights), after {@link planKeras} has checked it
 * without allocating anything. The input takes the planned shape; with `seed`, every random
 * initializer is seeded (layer i with `seed + i`) and recurrent kernels get seeded orthogonal
 * values.
 *
 * @throws InvalidInputError as {@link planKeras}, or on "model.config" when tfjs refuses the JSON.
 */
export function buildKerasModel(tf: typeof tfjs, spec: KerasModelSpec, input: PlanInput, seed?: number): tfjs.LayersModel {
  const plan = planKeras(spec, input);
  const { json, recurrent } = prepareKerasJson(spec.config, plan.inputShape, seed);
  const className = String(json["class_name"]);
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (entry === undefined) throw InvalidInputError.forField(kerasConfigPath, `TensorFlow.js does not know the model class ${className}`);
  const [cls, fromConfig] = entry;
  let model: tfjs.serialization.Serializable;
  try {
    model = fromConfig(cls, pythonicToTs(json["config"]) as tfjs.serialization.ConfigDict);
  } catch (error) {
    throw InvalidInputError.forField(kerasConfigPath, `TensorFlow.js could not load the model: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!(model instanceof tf.LayersModel)) throw InvalidInputError.forField(kerasConfigPath, `class ${className} did not load as a model`);
  try {
    recurrent.forEach(({ layer, orthogonalGain, lstmForgetBias }, i) => {
      const options = { orthogonalKernels: orthogonalGain !== undefined, gain: orthogonalGain ?? 1, lstmForgetBias };
      initializeRecurrentWeights(tf, model.getLayer(layer), seed === undefined ? options : { ...options, seed: seed + i });
    });
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
