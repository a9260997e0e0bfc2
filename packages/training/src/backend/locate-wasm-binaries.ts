import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join, sep } from "node:path";

/** The single-threaded SIMD binary: the one this package loads (threads fail in Node). */
export const wasmSimdBinary = "tfjs-backend-wasm-simd.wasm";

/**
 * The directory holding `@tensorflow/tfjs-backend-wasm`'s `.wasm` files, with a trailing separator,
 * resolved from this module (not from the process's cwd), so the backend starts from any working
 * directory. Throws when the package or its SIMD binary cannot be found.
 */
export function locateWasmBinaries(): string {
  const require = createRequire(import.meta.url);
  // The package's Node entry point is dist/tf-backend-wasm.node.js, next to the binaries.
  const directory = dirname(require.resolve("@tensorflow/tfjs-backend-wasm"));
  if (!existsSync(join(directory, wasmSimdBinary))) {
    throw new Error(`${wasmSimdBinary} not found in ${directory}`);
  }
  return directory + sep;
}
