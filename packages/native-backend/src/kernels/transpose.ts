import type { NativeKernelBody } from "./native-kernel.js";
import { float32Data, makeFloat32Output, product } from "./tensor-values.js";

/** Transpose of a float32 tensor of rank 1 to 8 (the RNN's time-major swaps). */
export const transposeNative: NativeKernelBody = ({ inputs, attrs, backend, addon }) => {
  const { x } = inputs;
  const xv = float32Data(backend, x);
  const perm = attrs["perm"] as number[] | undefined;
  if (x === undefined || xv === undefined || perm === undefined || perm.length !== x.shape.length) return undefined;
  if (x.shape.length === 0 || x.shape.length > 8 || product(x.shape) === 0) return undefined;
  const out = makeFloat32Output(backend, perm.map((p) => x.shape[p] ?? 0));
  addon.transpose(xv, out.values, x.shape.length, Int32Array.from(x.shape), Int32Array.from(perm));
  return out.info;
};
