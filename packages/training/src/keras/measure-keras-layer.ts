import * as math from "../plan/layer-math.js";
import { isDict, type KerasDict } from "./read-keras-graph.js";

/** Keras layer classes this service loads (each exists in TensorFlow.js 4.22 under the same name). */
export const supportedKerasLayers = [
  "InputLayer", "Dense", "Conv1D", "Conv2D", "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D",
  "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "Flatten", "Dropout",
  "BatchNormalization", "LayerNormalization", "Embedding", "LSTM", "GRU", "SimpleRNN", "Bidirectional", "Reshape",
  "Activation", "ReLU", "LeakyReLU", "Softmax", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate",
] as const;

/** Activations (Keras spelling) that TensorFlow.js 4.22 implements. */
export const supportedKerasActivations = ["linear", "relu", "relu6", "elu", "selu", "sigmoid", "hard_sigmoid", "tanh", "softmax", "softplus", "softsign", "swish", "mish", "gelu"];

const recurrentCells: Record<string, math.RecurrentCell> = { LSTM: "lstm", GRU: "gru", SimpleRNN: "simple" };

/**
 * Output shape (per sample) and parameter count of one Keras layer, by formula, from its JSON
 * config and its inputs' shapes.
 *
 * @throws LayerShapeError (field: the config key at fault) when the layer does not fit its inputs
 *   or uses an option TensorFlow.js cannot run.
 */
/** Most dimensions a Reshape may produce: keeps a hostile target_shape from costing memory at submit. */
const maxReshapeRank = 8;

export function measureKerasLayer(className: string, config: KerasDict, inputs: number[][]): math.LayerResult {
  const [input = []] = inputs;
  checkActivation(config);
  switch (className) {
    case "Dense":
      return math.dense(input, int(config, "units"), bool(config, "use_bias", true));
    case "Conv1D":
    case "Conv2D": {
      const rank = className === "Conv1D" ? 1 : 2;
      channelsLast(config);
      if (sizes(config, "dilation_rate", rank, 1).some((d) => d !== 1)) throw new math.LayerShapeError("dilation_rate other than 1 is not supported", "dilation_rate");
      if ((config["groups"] ?? 1) !== 1) throw new math.LayerShapeError("groups other than 1 is not supported by TensorFlow.js", "groups");
      const kernelSize = sizes(config, "kernel_size", rank);
      const options = { filters: int(config, "filters"), kernelSize, strides: sizes(config, "strides", rank, 1), padding: padding(config), useBias: bool(config, "use_bias", true) };
      return math.convolution(input, rank, options);
    }
    case "MaxPooling1D":
    case "MaxPooling2D":
    case "AveragePooling1D":
    case "AveragePooling2D": {
      const rank = className.endsWith("1D") ? 1 : 2;
      channelsLast(config);
      const poolSize = sizes(config, "pool_size", rank, 2);
      const strides = config["strides"] === null || config["strides"] === undefined ? poolSize : sizes(config, "strides", rank);
      return math.pooling(input, rank, { poolSize, strides, padding: padding(config) });
    }
    case "GlobalAveragePooling1D":
    case "GlobalAveragePooling2D":
    case "GlobalMaxPooling1D":
    case "GlobalMaxPooling2D":
      channelsLast(config);
      if (config["keepdims"] === true) throw new math.LayerShapeError("keepdims=True is not supported by TensorFlow.js", "keepdims");
      return math.globalPooling(input, className.endsWith("1D") ? 1 : 2);
    case "Flatten":
      return math.flatten(input);
    case "Dropout":
    case "Activation":
    case "ReLU":
    case "LeakyReLU":
      return math.passThrough(input);
    case "Softmax":
      lastAxis(config, input.length, -1);
      return math.passThrough(input);
    case "BatchNormalization":
      lastAxis(config, input.length, -1);
      return math.batchNormalization(input, bool(config, "center", true), bool(config, "scale", true));
    case "LayerNormalization": {
      lastAxis(config, input.length, -1);
      const channels = input[input.length - 1] ?? 0;
      return { shape: [...input], params: channels * ((bool(config, "center", true) ? 1 : 0) + (bool(config, "scale", true) ? 1 : 0)) };
    }
    case "Embedding":
      return math.embedding(input, int(config, "input_dim"), int(config, "output_dim"));
    case "LSTM":
    case "GRU":
    case "SimpleRNN":
      return measureRecurrent(className, config, input);
    case "Bidirectional": {
      const inner = config["layer"];
      if (!isDict(inner) || typeof inner["class_name"] !== "string" || !isDict(inner["config"]) || recurrentCells[inner["class_name"]] === undefined) {
        throw new math.LayerShapeError("Bidirectional must wrap an LSTM, GRU or SimpleRNN layer", "layer");
      }
      const mergeMode = config["merge_mode"] ?? "concat";
      if (mergeMode !== "concat" && mergeMode !== "sum" && mergeMode !== "mul" && mergeMode !== "ave") {
        throw new math.LayerShapeError(`merge_mode ${String(mergeMode)} is not supported (use concat, sum, mul or ave)`, "merge_mode");
      }
      return math.bidirectional(measureRecurrent(inner["class_name"], inner["config"], input), mergeMode);
    }
    case "Reshape": {
      const target = config["target_shape"];
      if (!Array.isArray(target) || !target.every((d) => Number.isInteger(d))) throw new math.LayerShapeError("target_shape must be a list of integers", "target_shape");
      if (target.length > maxReshapeRank) throw new math.LayerShapeError(`target_shape has ${target.length} dimensions; at most ${maxReshapeRank} are supported`, "target_shape");
      return math.reshape(input, target as number[]);
    }
    case "Concatenate":
      return concatenate(config, inputs);
    default:
      return merge(inputs);
  }
}

function measureRecurrent(className: string, config: KerasDict, input: number[]): math.LayerResult {
  for (const flag of ["return_state", "stateful"]) {
    if (config[flag] === true) throw new math.LayerShapeError(`${flag}=True is not supported`, flag);
  }
  if (className === "GRU" && config["reset_after"] === true) {
    throw new math.LayerShapeError("reset_after=True (the Keras 2 default for GRU) is not supported by TensorFlow.js: build the GRU with reset_after=False", "reset_after");
  }
  const cell = recurrentCells[className] ?? "simple";
  return math.recurrent(input, cell, int(config, "units"), bool(config, "return_sequences", false), bool(config, "use_bias", true));
}

function merge(inputs: number[][]): math.LayerResult {
  const [first = []] = inputs;
  if (inputs.length < 2) throw new math.LayerShapeError("a merge layer needs at least 2 inputs");
  if (inputs.some((shape) => shape.join(",") !== first.join(","))) {
    throw new math.LayerShapeError(`a merge layer needs inputs of one shape; got ${inputs.map((s) => `[${s.join(", ")}]`).join(" and ")}`);
  }
  return math.passThrough(first);
}

function concatenate(config: KerasDict, inputs: number[][]): math.LayerResult {
  const [first = []] = inputs;
  lastAxis(config, first.length, -1);
  if (inputs.length < 2) throw new math.LayerShapeError("Concatenate needs at least 2 inputs");
  const leading = (shape: number[]) => shape.slice(0, -1).join(",");
  if (inputs.some((shape) => shape.length !== first.length || leading(shape) !== leading(first))) {
    throw new math.LayerShapeError(`Concatenate needs inputs that differ only in the last axis; got ${inputs.map((s) => `[${s.join(", ")}]`).join(" and ")}`);
  }
  const last = inputs.reduce((sum, shape) => sum + (shape[shape.length - 1] ?? 0), 0);
  return { shape: [...first.slice(0, -1), last], params: 0 };
}

function checkActivation(config: KerasDict): void {
  const activation = config["activation"];
  if (activation === undefined || activation === null) return;
  if (typeof activation !== "string" || !supportedKerasActivations.includes(activation)) {
    throw new math.LayerShapeError(`activation ${JSON.stringify(activation)} is not supported; supported: ${supportedKerasActivations.join(", ")}`, "activation");
  }
}

function channelsLast(config: KerasDict): void {
  const format = config["data_format"];
  if (format !== undefined && format !== null && format !== "channels_last") {
    throw new math.LayerShapeError(`data_format ${String(format)} is not supported; use channels_last`, "data_format");
  }
}

/** The config's axis (an int or a one-element list) must be the last one (-1 or rank - 1 with the batch axis). */
function lastAxis(config: KerasDict, rank: number, fallback: number): void {
  const raw = config["axis"] ?? fallback;
  const axis = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
  if (axis !== -1 && axis !== rank) throw new math.LayerShapeError(`axis ${JSON.stringify(raw)} is not supported; only the last axis (-1) is`, "axis");
}

function int(config: KerasDict, key: string): number {
  const value = config[key];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw new math.LayerShapeError(`${key} must be a positive integer (got ${JSON.stringify(value)})`, key);
  return value;
}

function bool(config: KerasDict, key: string, fallback: boolean): boolean {
  const value = config[key];
  return typeof value === "boolean" ? value : fallback;
}

/** An int or a list of `rank` ints (Keras writes kernel_size: [3, 3]). */
function sizes(config: KerasDict, key: string, rank: number, fallback?: number): number[] {
  const value = config[key] ?? fallback;
  const list = typeof value === "number" ? Array<number>(rank).fill(value) : value;
  if (!Array.isArray(list) || list.length !== rank || !list.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new math.LayerShapeError(`${key} must be a positive integer or a list of ${rank} (got ${JSON.stringify(value)})`, key);
  }
  return list as number[];
}

function padding(config: KerasDict): math.Padding {
  const value = config["padding"] ?? "valid";
  if (value !== "valid" && value !== "same") throw new math.LayerShapeError(`padding ${JSON.stringify(value)} is not supported; use valid or same`, "padding");
  return value;
}
