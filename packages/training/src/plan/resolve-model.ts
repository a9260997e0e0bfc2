import type { CnnModelSpec, RnnModelSpec, SequentialModelSpec } from "@trainyard/contracts";
import { InvalidInputError } from "@trainyard/domain";
import { assertClassifierLabels } from "./dataset-checks.js";
import type { ResolvedModel } from "./layer-def.js";
import type { PlanInput } from "./model-plan.js";
import type { ShapeErrorMapper } from "./plan-layers.js";
import { cnnShapeErrors, resolveCnn } from "./resolve-cnn.js";
import { resolveRnn } from "./resolve-rnn.js";
import { resolveSequential } from "./resolve-sequential.js";

/** A model family built from a layer list (not keras, not gan). */
export type LayerListSpec = CnnModelSpec | RnnModelSpec | SequentialModelSpec;

/** A layer-list model resolved for a dataset, and how its shape errors are reported. */
export interface ResolvedLayerList {
  model: ResolvedModel;
  mapError?: ShapeErrorMapper;
}

/**
 * Resolves a cnn, rnn or sequential spec into concrete layers for a dataset: what both
 * {@link planModel} and `buildModel` work from.
 *
 * @throws InvalidInputError when the dataset cannot feed the model, or a sequential model's last
 *   layer is not a classifier output for the dataset's classes.
 */
export function resolveLayerList(spec: LayerListSpec, input: PlanInput): ResolvedLayerList {
  assertClassifierLabels(input);
  switch (spec.type) {
    case "cnn":
      return { model: resolveCnn(spec, input), mapError: cnnShapeErrors(spec, input) };
    case "rnn":
      return { model: resolveRnn(spec, input) };
    case "sequential":
      checkSequentialOutput(spec, input.numClasses);
      return { model: resolveSequential(spec, input) };
  }
}

/** The last layer must be Dense(numClasses, softmax), or Dense(1, sigmoid) for two classes. */
function checkSequentialOutput(spec: SequentialModelSpec, numClasses: number): void {
  const index = spec.layers.length - 1;
  const last = spec.layers[index];
  if (last?.type === "dense") {
    if (last.units === numClasses && last.activation === "softmax") return;
    if (last.units === 1 && last.activation === "sigmoid" && numClasses === 2) return;
  }
  const got = last === undefined ? "no layer" : last.type === "dense" ? `dense with ${last.units} unit(s) and ${last.activation} activation` : `a ${last.type} layer`;
  const sigmoid = numClasses === 2 ? ", or dense with 1 unit and sigmoid activation" : "";
  throw InvalidInputError.forField(
    `model.layers.${index}`,
    `the last layer must be dense with ${numClasses} units and softmax activation (one per class of the dataset)${sigmoid}; got ${got}`,
  );
}
