import { parseArgs } from "node:util";

/** The flags every bench takes: `--quick` (small sizes, for CI: checks it runs, not how fast). */
export interface BenchArgs<N extends string = string, S extends string = string> {
  quick: boolean;
  /** Values of the bench's own numeric flags, by name. */
  numbers: Record<N, number>;
  /** Values of the bench's own string flags, by name. */
  strings: Record<S, string>;
}

/**
 * Reads `--quick` and the bench's own flags (`--name value`) from the command line. Numeric flags
 * get their default when absent and must be positive numbers when given.
 */
export function readBenchArgs<N extends string = never, S extends string = never>(
  numeric: Record<N, number> = {} as Record<N, number>,
  text: Record<S, string> = {} as Record<S, string>,
): BenchArgs<N, S> {
  const options: Record<string, { type: "string" | "boolean" }> = { quick: { type: "boolean" } };
  for (const name of [...Object.keys(numeric), ...Object.keys(text)]) options[name] = { type: "string" };
  const { values } = parseArgs({ options, allowPositionals: false });
  const numbers = {} as Record<N, number>;
  for (const [name, fallback] of Object.entries(numeric) as [N, number][]) {
    const raw = values[name];
    const value = typeof raw === "string" ? Number(raw) : fallback;
    if (!(Number.isFinite(value) && value > 0)) throw new Error(`--${name} must be a positive number, got ${String(raw)}`);
    numbers[name] = value;
  }
  const strings = {} as Record<S, string>;
  for (const [name, fallback] of Object.entries(text) as [S, string][]) {
    const raw = values[name];
    strings[name] = typeof raw === "string" ? raw : fallback;
  }
  return { quick: values.quick === true, numbers, strings };
}
