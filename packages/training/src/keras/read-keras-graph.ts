import type { KerasModelSpec } from "@trainyard/contracts";
import { InvalidInputError } from "@trainyard/domain";

/** Where errors about a Keras model point in a job spec. */
export const kerasConfigPath = "model.config";

/** A JSON object as Keras writes it (snake_case keys). */
export type KerasDict = Record<string, unknown>;

/** One layer of a Keras model's JSON. */
export interface KerasLayerNode {
  /** Position in the JSON's `config.layers`. */
  index: number;
  name: string;
  className: string;
  /** The layer's own `config`, as written (snake_case). */
  config: KerasDict;
  /** Names of the layers whose outputs it reads (the previous layer in a Sequential). */
  inbound: string[];
}

/** A Keras model's layers in the order they run, with one input and one output. */
export interface KerasGraph {
  className: "Sequential" | "Functional";
  layers: KerasLayerNode[];
  /** The layer whose output is the model's output. */
  outputName: string;
}

export function isDict(value: unknown): value is KerasDict {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function refuse(message: string): InvalidInputError {
  return InvalidInputError.forField(kerasConfigPath, message);
}

/**
 * Reads the layer graph of a Keras 2.x `model.to_json()` object: a Sequential (layers in order,
 * an optional InputLayer first) or a functional model ("Functional" or "Model": layers with
 * `inbound_nodes`, one input, one output, each layer called once).
 *
 * @throws InvalidInputError on "model.config" when the JSON is not such a model.
 */
export function readKerasGraph(json: KerasModelSpec["config"]): KerasGraph {
  const modelClass = json.class_name;
  const layersJson = json.config["layers"];
  if (!Array.isArray(layersJson) || layersJson.length === 0) {
    throw refuse(`a Keras model's config.layers must be a non-empty list (got ${layersJson === undefined ? "none" : typeof layersJson})`);
  }
  const nodes = layersJson.map((layer, index) => readNode(layer, index));
  const names = new Set<string>();
  for (const node of nodes) {
    if (names.has(node.name)) throw refuse(`two layers are named "${node.name}"; layer names must be unique`);
    names.add(node.name);
  }
  if (modelClass === "Sequential") {
    nodes.forEach((node, i) => {
      const previous = nodes[i - 1];
      node.inbound = previous === undefined ? [] : [previous.name];
    });
    return { className: "Sequential", layers: nodes, outputName: nodes[nodes.length - 1]?.name ?? "" };
  }
  if (modelClass !== "Functional" && modelClass !== "Model") {
    throw refuse(`class_name "${modelClass}" is not a Keras model this service loads: use a Sequential or functional model's to_json()`);
  }
  layersJson.forEach((layer, i) => {
    const node = nodes[i];
    if (node !== undefined) node.inbound = readInbound(isDict(layer) ? layer["inbound_nodes"] : undefined, node.name);
  });
  const inputs = endpoints(json.config["input_layers"], "input_layers");
  const outputs = endpoints(json.config["output_layers"], "output_layers");
  if (inputs.length !== 1 || outputs.length !== 1) {
    throw refuse(`the model has ${inputs.length} input(s) and ${outputs.length} output(s); a training job needs exactly one of each`);
  }
  const [outputName = ""] = outputs;
  const seen = new Set<string>();
  for (const node of nodes) {
    for (const source of node.inbound) {
      if (!seen.has(source)) throw refuse(`layer "${node.name}" reads "${source}", which is not listed before it`);
    }
    seen.add(node.name);
  }
  if (!seen.has(outputName)) throw refuse(`output layer "${outputName}" is not among the layers`);
  return { className: "Functional", layers: nodes, outputName };
}

function readNode(layer: unknown, index: number): KerasLayerNode {
  if (!isDict(layer) || typeof layer["class_name"] !== "string" || !isDict(layer["config"])) {
    throw refuse(`config.layers[${index}] must be an object with a class_name and a config`);
  }
  const config = layer["config"];
  const name = typeof layer["name"] === "string" ? layer["name"] : typeof config["name"] === "string" ? config["name"] : `layer_${index}`;
  return { index, name, className: layer["class_name"], config, inbound: [] };
}

/** Keras 2.x inbound_nodes: [[["source", nodeIndex, tensorIndex, {kwargs}], ...]] (one call). */
function readInbound(value: unknown, name: string): string[] {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return [];
  if (!Array.isArray(value)) throw refuse(`layer "${name}" has inbound_nodes in an unknown format`);
  if (value.length > 1) throw refuse(`layer "${name}" is called ${value.length} times; shared layers are not supported`);
  const [call] = value;
  if (!Array.isArray(call)) throw refuse(`layer "${name}" has inbound_nodes in an unknown format (Keras 3 JSON is not supported; save with Keras 2.x)`);
  return call.map((source: unknown) => {
    if (!Array.isArray(source) || typeof source[0] !== "string") throw refuse(`layer "${name}" has inbound_nodes in an unknown format`);
    if (source[2] !== undefined && source[2] !== 0) throw refuse(`layer "${name}" reads output ${String(source[2])} of "${source[0]}"; only single-output layers are supported`);
    return source[0];
  });
}

/** input_layers / output_layers: [["name", 0, 0], ...] (or one such triple). */
function endpoints(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw refuse(`a functional model's config needs ${field}`);
  const list = typeof value[0] === "string" ? [value] : value;
  return list.map((entry: unknown) => {
    if (!Array.isArray(entry) || typeof entry[0] !== "string") throw refuse(`${field} must list ["layer_name", 0, 0] entries`);
    return entry[0];
  });
}
