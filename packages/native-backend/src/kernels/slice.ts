import { backend_util, getKernel, slice_util, util, type TensorInfo } from "@tensorflow/tfjs";
import type { NativeKernelArgs, NativeKernelBody } from "./native-kernel.js";
import { float32Data, makeFloat32Output, product } from "./tensor-values.js";

/**
 * A slice of float32 `x`, copied natively (the cpu kernel returns a view for a contiguous slice;
 * native storage cannot be shared that way, and the copy is a memcpy). Undefined for what the
 * native path does not handle.
 */
function sliceOf(args: NativeKernelArgs, x: TensorInfo, begin: number[], size: number[]): TensorInfo | undefined {
  const { backend, addon } = args;
  const xv = float32Data(backend, x);
  if (xv === undefined || x.shape.length === 0 || x.shape.length > 8 || product(size) === 0) return undefined;
  const out = makeFloat32Output(backend, size);
  addon.slice(xv, out.values, x.shape.length, Int32Array.from(x.shape), Int32Array.from(begin), Int32Array.from(size));
  return out.info;
}

/** Slice of a float32 tensor (tfjs's LSTM step loop slices its gates every step where it is not fused). */
export const sliceNative: NativeKernelBody = (args) => {
  const { x } = args.inputs;
  if (x === undefined) return undefined;
  const [begin, size] = slice_util.parseSliceParams(x as Parameters<typeof slice_util.parseSliceParams>[0], args.attrs["begin"] as number[], args.attrs["size"] as number[]);
  if (begin === undefined || size === undefined) return undefined;
  slice_util.assertParamsValid(x as Parameters<typeof slice_util.assertParamsValid>[0], begin, size);
  return sliceOf(args, x, begin, size);
};

/**
 * SplitV of a float32 tensor. The cpu kernel's non-contiguous slices read element by element; tfjs's
 * LSTM and GRU step loops split their [batch, k x units] gates every time step.
 */
export const splitVNative: NativeKernelBody = (args) => {
  const { x } = args.inputs;
  if (x === undefined || float32Data(args.backend, x) === undefined) return undefined;
  const axis = util.parseAxisParam(args.attrs["axis"] as number, x.shape)[0] ?? 0;
  const sizes = backend_util.prepareSplitSize(x as Parameters<typeof backend_util.prepareSplitSize>[0], args.attrs["numOrSizeSplits"] as number | number[], axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  const pieces: TensorInfo[] = [];
  for (const s of sizes) {
    const size = [...x.shape];
    size[axis] = s;
    const piece = sliceOf(args, x, [...begin], size) ?? (getKernel("Slice", "cpu")?.kernelFunc({ inputs: { x }, backend: args.backend, attrs: { begin: [...begin], size } }) as TensorInfo);
    pieces.push(piece);
    begin[axis] = (begin[axis] ?? 0) + s;
  }
  return pieces;
};
