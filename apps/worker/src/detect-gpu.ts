import type * as tfjs from "@tensorflow/tfjs";

/** The part of tfjs-node's backend that says where it runs; absent on the wasm and cpu backends. */
interface NativeBinding {
  isUsingGpuDevice?: () => boolean;
}

/**
 * Whether the active TensorFlow.js backend trains on a GPU: only the native `tensorflow` backend of
 * `@tensorflow/tfjs-node-gpu` can, and its binding reports whether TensorFlow found a GPU device.
 */
export function detectGpu(tf: typeof tfjs, backend: string): boolean {
  if (backend !== "tensorflow") return false;
  try {
    const binding = (tf.backend() as unknown as { binding?: NativeBinding }).binding;
    return binding?.isUsingGpuDevice?.() === true;
  } catch {
    // An older or unusual binding: say "no GPU" rather than stop the worker over a display field.
    return false;
  }
}
