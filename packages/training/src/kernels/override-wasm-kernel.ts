import { getKernel, registerKernel, unregisterKernel, type KernelFunc } from "@tensorflow/tfjs";

/** Marks kernel functions installed by {@link overrideWasmKernel}, so each is installed once. */
const installed = Symbol.for("trainyard.wasmKernelOverride");

type MarkedKernelFunc = KernelFunc & { [installed]?: true };

/**
 * Replaces the wasm backend's kernel `kernelName` with `makeKernel(original)`. The replacement keeps
 * the original's setup and dispose functions, so it works whether the backend has started or not.
 * Idempotent: returns false (and changes nothing) when the kernel is missing or already replaced.
 */
export function overrideWasmKernel(kernelName: string, makeKernel: (original: KernelFunc) => KernelFunc): boolean {
  const original = getKernel(kernelName, "wasm");
  if (original === undefined || (original.kernelFunc as MarkedKernelFunc)[installed] === true) return false;
  const kernelFunc: MarkedKernelFunc = makeKernel(original.kernelFunc);
  kernelFunc[installed] = true;
  unregisterKernel(kernelName, "wasm");
  registerKernel({ ...original, kernelFunc });
  return true;
}
