/**
 * Keras JSON (snake_case) to the camelCase config tfjs-layers deserializes, exactly as tfjs's own
 * `convertPythonicToTs` does inside `tf.models.modelFromJSON` (which is async; this lets a Keras
 * model be built synchronously). Keys and string values are camel-cased, except `name` values and
 * the layer names that lead `inbound_nodes`, `input_layers` and `output_layers` entries.
 */
export function pythonicToTs(value: unknown, key?: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return toCamelCase(value);
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) {
    return value.map((item: unknown, i) => (isLayerName(key, i, item) ? item : pythonicToTs(item, key)));
  }
  const result: Record<string, unknown> = {};
  for (const [pythonicKey, item] of Object.entries(value as Record<string, unknown>)) {
    if (pythonicKey === "name" && typeof item === "string") {
      result[pythonicKey] = item;
    } else {
      const tsKey = toCamelCase(pythonicKey);
      result[tsKey] = pythonicToTs(item, tsKey);
    }
  }
  return result;
}

function isLayerName(key: string | undefined, index: number, value: unknown): boolean {
  return (key === "inboundNodes" || key === "outputLayers" || key === "inputLayers") && index === 0 && typeof value === "string";
}

function toCamelCase(identifier: string): string {
  if (identifier.length <= 1 || !identifier.includes("_")) return identifier;
  return identifier.replace(/[_]+(\w|$)/g, (_, letter: string) => letter.toUpperCase());
}
