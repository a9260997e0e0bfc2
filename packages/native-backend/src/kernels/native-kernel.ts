import { getKernel, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from "@tensorflow/tfjs";
import type { NativeAddon } from "../native-addon.js";
import type { NativeCpuBackend } from "../native-cpu-backend.js";

/** The backend name the native backend registers under. */
export const nativeBackendName = "native";

export interface NativeKernelArgs {
  inputs: Partial<Record<string, TensorInfo>>;
  attrs: NamedAttrMap;
  backend: NativeCpuBackend;
  addon: NativeAddon;
}

/**
 * A native kernel body: returns its output, or undefined for inputs it does not handle (another
 * dtype, an unsupported attribute), which then run on the cpu backend's kernel of the same name.
 */
export type NativeKernelBody = (args: NativeKernelArgs) => TensorInfo | TensorInfo[] | undefined;

/** How many times each kernel ran natively rather than on its cpu fallback, since the process started. */
export const nativeRunCounts = new Map<string, number>();

/** The registration record for `kernelName` on the native backend: `body`, with the cpu kernel as fallback. */
export function makeNativeKernel(kernelName: string, addon: NativeAddon, body: NativeKernelBody): KernelConfig {
  const fallback = getKernel(kernelName, "cpu");
  if (fallback === undefined) throw new Error(`the cpu backend has no kernel ${kernelName} to fall back on`);
  const kernelFunc: KernelFunc = (params) => {
    const result = body({ inputs: params.inputs, attrs: params.attrs ?? {}, backend: params.backend as NativeCpuBackend, addon });
    if (result === undefined) return fallback.kernelFunc(params);
    nativeRunCounts.set(kernelName, (nativeRunCounts.get(kernelName) ?? 0) + 1);
    return result;
  };
  return { ...fallback, backendName: nativeBackendName, kernelFunc };
}
