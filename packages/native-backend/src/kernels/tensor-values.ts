import { util, type TensorInfo } from "@tensorflow/tfjs";
import type { Float32Data } from "../native-addon.js";
import type { NativeCpuBackend } from "../native-cpu-backend.js";

/** `t`'s float32 storage (native, or a Float32Array), or undefined when it is not a float32 tensor. */
export function float32Data(backend: NativeCpuBackend, t: TensorInfo | null | undefined): Float32Data | undefined {
  if (t == null || t.dtype !== "float32") return undefined;
  const native = backend.nativeHandle(t.dataId);
  if (native !== undefined) return native;
  const values = backend.data.get(t.dataId)?.values;
  return values instanceof Float32Array ? values : undefined;
}

/** `t`'s storage when it is an int32 tensor held as an Int32Array, else undefined. */
export function int32Values(backend: NativeCpuBackend, t: TensorInfo | null | undefined): Int32Array | undefined {
  if (t == null || t.dtype !== "int32") return undefined;
  const values = backend.data.get(t.dataId)?.values;
  return values instanceof Int32Array ? values : undefined;
}

/** `t`'s storage when it is a bool tensor (held as a Uint8Array), else undefined. */
export function boolValues(backend: NativeCpuBackend, t: TensorInfo | null | undefined): Uint8Array | undefined {
  if (t == null || t.dtype !== "bool") return undefined;
  const values = backend.data.get(t.dataId)?.values;
  return values instanceof Uint8Array ? values : undefined;
}

/**
 * A new float32 tensor of `shape` in native storage, for a kernel to write into. The storage is
 * uninitialized: the kernel must write every element.
 */
export function makeFloat32Output(backend: NativeCpuBackend, shape: number[]): { info: TensorInfo; values: Float32Data } {
  const size = util.sizeFromShape(shape);
  if (size === 0) {
    const values = new Float32Array(0);
    return { info: backend.makeTensorInfo(shape, "float32", values), values };
  }
  const handle = backend.addon.allocate(size);
  return { info: backend.makeNativeTensorInfo(shape, handle), values: handle };
}

/** The product of `dims` (1 for none). */
export function product(dims: readonly number[]): number {
  let out = 1;
  for (const d of dims) out *= d;
  return out;
}
