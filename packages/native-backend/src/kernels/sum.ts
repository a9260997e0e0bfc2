import { backend_util, util } from "@tensorflow/tfjs";
import type { NativeKernelBody } from "./native-kernel.js";
import { float32Data, makeFloat32Output, product } from "./tensor-values.js";

/** Sum of a float32 tensor over one contiguous run of axes (a bias gradient, a row sum); others go to the cpu kernel. */
export const sumNative: NativeKernelBody = ({ inputs, attrs, backend, addon }) => {
  const { x } = inputs;
  const xv = float32Data(backend, x);
  if (x === undefined || xv === undefined || x.shape.length === 0) return undefined;
  const axes = util.parseAxisParam(attrs["axis"] as number | number[], x.shape).sort((p, q) => p - q);
  const first = axes[0];
  const last = axes.at(-1);
  if (first === undefined || last === undefined || last - first + 1 !== axes.length) return undefined;
  const outer = product(x.shape.slice(0, first));
  const reduce = product(x.shape.slice(first, last + 1));
  const inner = product(x.shape.slice(last + 1));
  const kept = x.shape.filter((_, i) => !axes.includes(i));
  const shape = attrs["keepDims"] === true ? backend_util.expandShapeToKeepDim(kept, axes) : kept;
  const out = makeFloat32Output(backend, shape);
  addon.reduceSum(xv, out.values, outer, reduce, inner);
  return out.info;
};
