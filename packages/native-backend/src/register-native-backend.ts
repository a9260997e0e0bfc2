import { copyRegisteredKernels, findBackendFactory, registerBackend, registerKernel, unregisterKernel } from "@tensorflow/tfjs";
import { fuseAdamUpdates } from "./fuse-adam-updates.js";
import { fuseLstmLayers } from "./fuse-lstm-layers.js";
import { registerAdamUpdateKernel } from "./kernels/adam-update.js";
import { registerFusedLstmKernels } from "./kernels/lstm.js";
import { makeNativeKernel, nativeBackendName } from "./kernels/native-kernel.js";
import { nativeKernels } from "./kernels/native-kernels.js";
import { loadNativeAddon } from "./load-native-addon.js";
import { NativeCpuBackend } from "./native-cpu-backend.js";

/**
 * Registers the "native" TensorFlow.js backend: the cpu backend's kernels with {@link nativeKernels}
 * replaced by the addon's, and their outputs in native memory ({@link NativeCpuBackend}); on it,
 * LSTM layers run as one fused kernel ({@link fuseLstmLayers}) and Adam updates a variable in one
 * ({@link fuseAdamUpdates}). Activate it with `tf.setBackend("native")`.
 * Idempotent. Throws NativeAddonMissingError when the addon was not built.
 */
export function registerNativeBackend(): void {
  if (findBackendFactory(nativeBackendName) !== null) return;
  const addon = loadNativeAddon();
  registerBackend(nativeBackendName, () => new NativeCpuBackend(addon));
  copyRegisteredKernels("cpu", nativeBackendName);
  for (const [kernelName, body] of Object.entries(nativeKernels)) {
    unregisterKernel(kernelName, nativeBackendName);
    registerKernel(makeNativeKernel(kernelName, addon, body));
  }
  registerFusedLstmKernels();
  fuseLstmLayers();
  registerAdamUpdateKernel();
  fuseAdamUpdates();
}
