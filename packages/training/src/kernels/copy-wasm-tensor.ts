import type { TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/**
 * A fresh copy of `x` on the wasm heap (new data id), with `shape` if given. The caller disposes it.
 *
 * Why: the wasm BatchMatMul caches its XNNPACK operator, with the right-hand matrix packed into it,
 * under that tensor's id alone (not its shape), until the tensor is disposed. A right-hand operand
 * that is an existing tensor (or a reshape of one, which shares its id) could later meet a stale
 * cache entry; a fresh copy, disposed right after, cannot.
 */
export function copyWasmTensor(backend: BackendWasm, x: TensorInfo, shape: number[] = x.shape): TensorInfo {
  const out = backend.makeOutput(shape, x.dtype);
  // Both views are taken after the allocation: a growing wasm heap detaches older views.
  const target = backend.typedArrayFromHeap(out);
  target.set(backend.typedArrayFromHeap({ ...x, shape }));
  return out;
}
