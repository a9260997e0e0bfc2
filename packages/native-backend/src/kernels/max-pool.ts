import { backend_util } from "@tensorflow/tfjs";
import type { NativeKernelArgs, NativeKernelBody } from "./native-kernel.js";
import { poolGeometry } from "./geometry.js";
import { float32Data, makeFloat32Output } from "./tensor-values.js";

type Pad = Parameters<typeof backend_util.computePool2DInfo>[4];
type Rounding = Parameters<typeof backend_util.computePool2DInfo>[5];

function poolInfo(xShape: number[], attrs: NativeKernelArgs["attrs"]): backend_util.Conv2DInfo {
  return backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    attrs["filterSize"] as number | [number, number],
    attrs["strides"] as number | [number, number],
    1,
    attrs["pad"] as Pad,
    attrs["dimRoundingMode"] as Rounding,
  );
}

/** MaxPool (NHWC); a window's maximum ignores NaN, as in the cpu backend. */
export const maxPoolNative: NativeKernelBody = ({ inputs, attrs, backend, addon }) => {
  const { x } = inputs;
  const xv = float32Data(backend, x);
  if (x === undefined || xv === undefined || x.shape.length !== 4) return undefined;
  const info = poolInfo(x.shape, attrs);
  const geometry = poolGeometry(info);
  if (geometry === undefined) return undefined;
  const out = makeFloat32Output(backend, info.outShape);
  addon.maxPool(xv, out.values, geometry);
  return out.info;
};

/** MaxPoolGrad: each window's gradient goes to its first maximum in the input, as in the cpu backend. */
export const maxPoolGradNative: NativeKernelBody = ({ inputs, attrs, backend, addon }) => {
  const { dy, input } = inputs;
  const dyv = float32Data(backend, dy);
  const xv = float32Data(backend, input);
  if (dy === undefined || input === undefined || dyv === undefined || xv === undefined || input.shape.length !== 4) return undefined;
  const info = poolInfo(input.shape, attrs);
  const geometry = poolGeometry(info);
  if (geometry === undefined || dy.shape.join() !== info.outShape.join()) return undefined;
  const dx = makeFloat32Output(backend, input.shape);
  addon.maxPoolGrad(dyv, xv, dx.values, geometry);
  return dx.info;
};
