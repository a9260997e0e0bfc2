import type { KerasModelSpec } from "@trainyard/contracts";
import { InvalidInputError } from "@trainyard/domain";
import { datasetPath, sampleShape } from "../plan/dataset-checks.js";
import { LayerShapeError } from "../plan/layer-math.js";
import type { LayerPlan, ModelPlan, PlanInput } from "../plan/model-plan.js";
import { measureKerasLayer, supportedKerasLayers } from "./measure-keras-layer.js";
import { kerasConfigPath, readKerasGraph, type KerasGraph, type KerasLayerNode } from "./read-keras-graph.js";

/**
 * Plans a Keras model's JSON for a dataset by formula, without TensorFlow.js: refuses every layer
 * class outside {@link supportedKerasLayers} (naming each), resolves the input shape against the
 * dataset's samples, measures every layer, and checks that the output has one softmax unit per
 * class (or one sigmoid unit for two classes). The InputLayer is not listed among the layers.
 *
 * @throws InvalidInputError on "model.config" for an unsupported or malformed model (shape errors
 *   on "model.config.config.layers.<i>"), on "dataset.id" when the samples do not fit its input.
 */
export function planKeras(spec: KerasModelSpec, input: PlanInput): ModelPlan {
  const graph = readKerasGraph(spec.config);
  refuseUnsupported(graph);
  const inputShape = resolveKerasInputShape(graph, input);
  const shapes = new Map<string, number[]>();
  const layers: LayerPlan[] = [];
  for (const node of graph.layers) {
    if (node.className === "InputLayer") {
      shapes.set(node.name, inputShape);
      continue;
    }
    const inputs = node.inbound.length === 0 ? [inputShape] : node.inbound.map((source) => shapes.get(source) ?? []);
    try {
      const result = measureKerasLayer(node.className, node.config, inputs);
      shapes.set(node.name, result.shape);
      layers.push({ name: node.name, className: node.className, outputShape: [null, ...result.shape], params: result.params });
    } catch (error) {
      if (!(error instanceof LayerShapeError)) throw error;
      const path = `${kerasConfigPath}.config.layers.${node.index}`;
      const field = error.field === undefined ? undefined : toSnakeCase(error.field);
      throw InvalidInputError.forField(field === undefined ? path : `${path}.config.${field}`, `layer "${node.name}" (${node.className}): ${error.message}`);
    }
  }
  const outputShape = shapes.get(graph.outputName) ?? [];
  const output = { units: outputShape[0] ?? 0, activation: outputActivation(graph) };
  checkKerasOutput(output, outputShape, input.numClasses, graph.outputName);
  return {
    inputShape,
    layers,
    totalParams: layers.reduce((sum, l) => sum + l.params, 0),
    output,
    loss: output.units === 1 ? "binaryCrossentropy" : "sparseCategoricalCrossentropy",
  };
}

function refuseUnsupported(graph: KerasGraph): void {
  const supported = new Set<string>(supportedKerasLayers);
  const unsupported: string[] = [];
  for (const node of graph.layers) {
    if (!supported.has(node.className)) unsupported.push(`${node.className} ("${node.name}")`);
  }
  if (unsupported.length > 0) {
    throw InvalidInputError.forField(
      kerasConfigPath,
      `unsupported layer${unsupported.length > 1 ? "s" : ""}: ${unsupported.join(", ")}; supported: ${supportedKerasLayers.join(", ")}`,
    );
  }
}

/** The input shape the model declares (batch axis dropped; null where any size goes), if any. */
export function declaredInputShape(graph: KerasGraph): (number | null)[] | undefined {
  const [first] = graph.layers;
  if (first === undefined) return undefined;
  const shape = first.config["batch_input_shape"] ?? first.config["batch_shape"];
  if (!Array.isArray(shape)) return undefined;
  return shape.slice(1).map((d: unknown) => (typeof d === "number" ? d : null));
}

/**
 * The model's per-sample input shape for the dataset: the declared one with nulls filled from the
 * samples, a trailing channel of 1 added when the samples lack it ([28, 28] for [28, 28, 1]), or
 * the samples' shape when the model declares none.
 *
 * @throws InvalidInputError on "dataset.id" when the samples do not fit.
 */
export function resolveKerasInputShape(graph: KerasGraph, input: PlanInput): number[] {
  const samples = sampleShape(input, "keras");
  const declared = declaredInputShape(graph);
  if (declared === undefined) return samples;
  const fits = (shape: number[]) => declared.length === shape.length && declared.every((d, i) => d === null || d === shape[i]);
  if (fits(samples)) return samples;
  if (fits([...samples, 1])) return [...samples, 1];
  const show = (shape: (number | null)[]) => `[${shape.map((d) => d ?? "any").join(", ")}]`;
  throw InvalidInputError.forField(datasetPath, `the keras model takes samples of shape ${show(declared)}, but this dataset's samples are [${samples.join(", ")}]`);
}

/** The activation that produces the model's output: the output layer's, or the Dense before a pass-through layer. */
function outputActivation(graph: KerasGraph): string {
  const byName = new Map(graph.layers.map((node) => [node.name, node]));
  let node: KerasLayerNode | undefined = byName.get(graph.outputName);
  while (node !== undefined) {
    if (node.className === "Softmax") return "softmax";
    const activation = node.config["activation"];
    if (typeof activation === "string" && activation !== "linear") return activation;
    if (node.className !== "Dropout" && node.className !== "Activation") return typeof activation === "string" ? activation : "linear";
    const [source] = node.inbound;
    node = source === undefined ? undefined : byName.get(source);
  }
  return "linear";
}

function checkKerasOutput(output: { units: number; activation: string }, shape: number[], numClasses: number, name: string): void {
  const softmax = shape.length === 1 && output.units === numClasses && output.activation === "softmax";
  const sigmoid = shape.length === 1 && output.units === 1 && numClasses === 2 && output.activation === "sigmoid";
  if (softmax || sigmoid) return;
  const expected = `${numClasses} units with softmax (one per class)${numClasses === 2 ? ", or 1 unit with sigmoid" : ""}`;
  throw InvalidInputError.forField(
    kerasConfigPath,
    `the model's output must be ${expected}; its output layer "${name}" gives [${shape.join(", ")}] with ${output.activation}`,
  );
}

/** kernelSize -> kernel_size: the shared layer math names options as the other model types do. */
function toSnakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
