import type { KerasModelSpec } from "@trainyard/contracts";
import { isDict, type KerasDict } from "./read-keras-graph.js";

/** A recurrent layer whose initial weights must be completed after building. */
export interface RecurrentFixup {
  layer: string;
  /** Gain of the Orthogonal recurrent initializer that was replaced by zeros; absent: none was. */
  orthogonalGain?: number;
  /** unit_forget_bias was on (and turned off for tfjs): set the forget-gate biases to 1. */
  lstmForgetBias: boolean;
}

/** A Keras JSON ready for tfjs, and the recurrent layers to complete after building. */
export interface PreparedKerasJson {
  json: KerasDict;
  recurrent: RecurrentFixup[];
}

/** Keras initializer classes that tfjs spells differently. */
const initializerNames: Record<string, string> = { LecunNormal: "LeCunNormal", LecunUniform: "LeCunUniform" };
const seeded = new Set(["GlorotUniform", "GlorotNormal", "HeNormal", "HeUniform", "LeCunNormal", "LeCunUniform", "RandomNormal", "RandomUniform", "TruncatedNormal", "VarianceScaling"]);

/**
 * Rewrites a Keras 2.x model JSON (a copy) into what tfjs 4.22 loads:
 * - the input shape becomes `[null, ...inputShape]` (the planned one, e.g. with a channel added);
 * - initializers: Lecun* renamed LeCun*; seeded with `seed + layer index` when a seed is given;
 *   Orthogonal recurrent initializers become zeros (filled afterwards in JS: tfjs's QR is slow);
 * - LSTM unit_forget_bias (Keras's default, absent means on) is turned off and applied afterwards
 *   (tfjs's version leaks 4 tensors per LSTM);
 * - regularizers L1 / L2 become L1L2 (tfjs has only that class);
 * - a one-element normalization `axis` list becomes the number.
 */
export function prepareKerasJson(spec: KerasModelSpec["config"], inputShape: number[], seed: number | undefined): PreparedKerasJson {
  const json = structuredClone(spec) as KerasDict;
  const config = json["config"] as KerasDict;
  const layers = (config["layers"] as unknown[]).filter(isDict);
  const recurrent: RecurrentFixup[] = [];
  const [first] = layers;
  const firstConfig = first !== undefined && isDict(first["config"]) ? first["config"] : undefined;
  if (firstConfig !== undefined) {
    delete firstConfig["batch_shape"];
    firstConfig["batch_input_shape"] = [null, ...inputShape];
  }
  layers.forEach((layer, index) => {
    const layerConfig = layer["config"];
    if (!isDict(layerConfig)) return;
    const name = typeof layerConfig["name"] === "string" ? layerConfig["name"] : String(layer["name"]);
    const wrapped = isDict(layerConfig["layer"]) ? layerConfig["layer"] : undefined;
    const inner = wrapped !== undefined && isDict(wrapped["config"]) ? wrapped["config"] : undefined;
    const layerSeed = seed === undefined ? undefined : seed + index;
    rewriteLayerConfig(layerConfig, layerSeed);
    if (inner !== undefined) rewriteLayerConfig(inner, layerSeed);
    // The recurrent cell: the layer itself, or the one a Bidirectional wraps.
    const cell = inner === undefined ? layer : wrapped;
    const cellConfig = inner ?? layerConfig;
    const orthogonalGain = replaceOrthogonal(cellConfig);
    let lstmForgetBias = false;
    if (cell?.["class_name"] === "LSTM" && cellConfig["unit_forget_bias"] !== false && cellConfig["use_bias"] !== false) {
      cellConfig["unit_forget_bias"] = false;
      lstmForgetBias = true;
    }
    if (orthogonalGain !== undefined || lstmForgetBias) recurrent.push({ layer: name, ...(orthogonalGain === undefined ? {} : { orthogonalGain }), lstmForgetBias });
  });
  return { json, recurrent };
}

/** Replaces an Orthogonal recurrent initializer by zeros; returns its gain. */
function replaceOrthogonal(config: KerasDict): number | undefined {
  const value = config["recurrent_initializer"];
  if (!isDict(value) || value["class_name"] !== "Orthogonal") return undefined;
  const initConfig = isDict(value["config"]) ? value["config"] : {};
  config["recurrent_initializer"] = { class_name: "Zeros", config: {} };
  return typeof initConfig["gain"] === "number" ? initConfig["gain"] : 1;
}

/** Rewrites one layer's initializers, regularizers and axis in place. */
function rewriteLayerConfig(config: KerasDict, seed: number | undefined): void {
  for (const [key, value] of Object.entries(config)) {
    if (key.endsWith("_initializer") && isDict(value) && typeof value["class_name"] === "string") {
      const className = initializerNames[value["class_name"]] ?? value["class_name"];
      const initConfig = isDict(value["config"]) ? value["config"] : {};
      config[key] = { class_name: className, config: seed !== undefined && seeded.has(className) ? { ...initConfig, seed } : initConfig };
    }
    if (key.endsWith("_regularizer") && isDict(value) && (value["class_name"] === "L1" || value["class_name"] === "L2")) {
      const factors = isDict(value["config"]) ? value["config"] : {};
      config[key] = { class_name: "L1L2", config: { l1: factors["l1"] ?? 0, l2: factors["l2"] ?? 0 } };
    }
  }
  const axis = config["axis"];
  if (Array.isArray(axis) && axis.length === 1) config["axis"] = axis[0];
}
