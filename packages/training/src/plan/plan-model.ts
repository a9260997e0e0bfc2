import type { ModelSpec } from "@trainyard/contracts";
import { InvalidInputError } from "@trainyard/domain";
import { planGan } from "../gan/plan-gan.js";
import { planKeras } from "../keras/plan-keras.js";
import { assertClassifierLabels } from "./dataset-checks.js";
import { defaultModelLimits, type ModelLimits, type ModelPlan, type PlanInput } from "./model-plan.js";
import { planLayers } from "./plan-layers.js";
import { resolveLayerList } from "./resolve-model.js";

/**
 * Plans `spec` for a dataset: the model's input shape, every layer's output shape and parameter
 * count, the output layer and the loss it implies. Pure (no TensorFlow.js) and computed by formula
 * without allocating weights, so the API rejects a model/dataset mismatch or an oversized model at
 * submit time, cheaply. Families:
 * - cnn: see `resolveCnn` (the defaults are exactly the seed CNN).
 * - rnn: see `resolveRnn` (Embedding -> LSTM -> Dense by default).
 * - sequential: the user's layer list, see `resolveSequential`.
 * - keras: a Keras JSON, see `planKeras`.
 * - gan: the generator, see `planGan`.
 *
 * Error paths are the job spec's without the request's "body." prefix: "dataset.id" when the data
 * does not fit, "model.<field>" for the option at fault, "model" for the limits.
 *
 * @param limits Upper bounds on parameters and layers, default {@link defaultModelLimits}.
 * @throws InvalidInputError as above.
 */
export function planModel(spec: ModelSpec, input: PlanInput, limits: ModelLimits = defaultModelLimits): ModelPlan {
  const kerasLayers = kerasLayerCount(spec);
  if (kerasLayers > limits.maxLayers) {
    throw InvalidInputError.forField("model", `the model has ${count(kerasLayers)} layers, over this service's limit of ${count(limits.maxLayers)}`);
  }
  const plan = planFamily(spec, input);
  if (plan.layers.length > limits.maxLayers) {
    throw InvalidInputError.forField("model", `the model has ${count(plan.layers.length)} layers, over this service's limit of ${count(limits.maxLayers)}`);
  }
  if (plan.totalParams > limits.maxParams) {
    throw InvalidInputError.forField("model", `the model has ${count(plan.totalParams)} parameters, over this service's limit of ${count(limits.maxParams)}`);
  }
  return plan;
}

/** A Keras JSON's layer count, checked before any layer is measured so a huge model costs nothing. */
function kerasLayerCount(spec: ModelSpec): number {
  if (spec.type !== "keras") return 0;
  const layers = spec.config.config["layers"];
  return Array.isArray(layers) ? layers.length : 0;
}

function planFamily(spec: ModelSpec, input: PlanInput): ModelPlan {
  switch (spec.type) {
    case "gan":
      return planGan(spec, input);
    case "keras":
      assertClassifierLabels(input);
      return planKeras(spec, input);
    default: {
      const { model, mapError } = resolveLayerList(spec, input);
      const layers = planLayers(model, mapError);
      const last = model.layers[model.layers.length - 1];
      const output = last?.kind === "dense" ? { units: last.units, activation: last.activation } : { units: 0, activation: "linear" };
      return {
        inputShape: model.inputShape,
        layers,
        totalParams: layers.reduce((sum, l) => sum + l.params, 0),
        output,
        loss: output.units === 1 ? "binaryCrossentropy" : "sparseCategoricalCrossentropy",
      };
    }
  }
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}
