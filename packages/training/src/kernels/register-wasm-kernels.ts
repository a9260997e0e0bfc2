import { getKernel, registerKernel, type KernelConfig } from "@tensorflow/tfjs";
import { conv2dBackpropFilterWasmConfig } from "./conv2d-backprop-filter-wasm.js";
import { replaceWasmMaxPoolGrad } from "./max-pool-grad-wasm.js";
import { unsortedSegmentSumWasmConfig } from "./unsorted-segment-sum-wasm.js";
import { replaceWasmUnpack } from "./unpack-wasm.js";
import { wrapWasmBatchMatMul } from "./wrap-batch-mat-mul-wasm.js";

/** The gradient kernels the wasm backend lacks and the seed's models need. */
export const wasmGradientKernels: readonly KernelConfig[] = [
  conv2dBackpropFilterWasmConfig,
  unsortedSegmentSumWasmConfig,
];

/**
 * Registers {@link wasmGradientKernels} for the 'wasm' backend, and replaces three of its slow kernels
 * (transposed BatchMatMul: {@link wrapWasmBatchMatMul}; MaxPoolGrad: {@link replaceWasmMaxPoolGrad};
 * Unpack: {@link replaceWasmUnpack}). Idempotent: a kernel that is already registered (by an
 * earlier call, or by a future tfjs release that ships it) is left alone. Call it after importing
 * `@tensorflow/tfjs-backend-wasm`; `loadBackend` does. Returns the names it changed on this call.
 */
export function registerWasmKernels(): string[] {
  const changed: string[] = [];
  for (const config of wasmGradientKernels) {
    if (getKernel(config.kernelName, config.backendName) !== undefined) continue;
    registerKernel(config);
    changed.push(config.kernelName);
  }
  if (wrapWasmBatchMatMul()) changed.push("BatchMatMul");
  if (replaceWasmMaxPoolGrad()) changed.push("MaxPoolGrad");
  if (replaceWasmUnpack()) changed.push("Unpack");
  return changed;
}
