import { readFileSync } from "node:fs";
import { modelSpecSchema, type KerasModelSpec } from "@trainyard/contracts";

/** Test helper: the parsed JSON of a hand-written Keras 2.x `model.to_json()` fixture. */
export function readKerasFixture(name: "sequential-cnn" | "functional-text"): KerasModelSpec["config"] {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), "utf8")) as KerasModelSpec["config"];
}

/** Test helper: a keras model spec, parsed by the contract's schema. */
export function kerasSpec(config: unknown): KerasModelSpec {
  const spec = modelSpecSchema.parse({ type: "keras", config });
  if (spec.type !== "keras") throw new Error("not a keras spec");
  return spec;
}

/** Test helper: a Sequential model JSON from layer entries `{ class_name, config }`. */
export function sequentialJson(layers: { class_name: string; config: Record<string, unknown> }[]): Record<string, unknown> {
  return { class_name: "Sequential", config: { name: "sequential", layers }, keras_version: "2.12.0", backend: "tensorflow" };
}
