import { backend_util, type TensorInfo } from "@tensorflow/tfjs";
import type { NativeKernelArgs, NativeKernelBody } from "./native-kernel.js";
import { convGeometry } from "./geometry.js";
import type { Float32Data } from "../native-addon.js";
import { float32Data, makeFloat32Output, product } from "./tensor-values.js";

type Pad = Parameters<typeof backend_util.computeConv2DInfo>[4];
type Rounding = Parameters<typeof backend_util.computeConv2DInfo>[5];

/** Conv2D's and FusedConv2D's shared attributes, as the cpu kernels read them. */
export function convInfoFromAttrs(
  xShape: number[],
  filterShape: number[],
  attrs: NativeKernelArgs["attrs"],
  dilations: number | [number, number] = (attrs["dilations"] as number | [number, number] | undefined) ?? 1,
): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs["strides"] as number | [number, number],
    dilations,
    attrs["pad"] as Pad,
    attrs["dimRoundingMode"] as Rounding,
    false,
    backend_util.convertConv2DDataFormat((attrs["dataFormat"] as "NHWC" | "NCHW" | undefined) ?? "NHWC"),
  );
}

function convolve(args: NativeKernelArgs, bias: TensorInfo | null | undefined, relu: boolean): TensorInfo | undefined {
  const { inputs, attrs, backend, addon } = args;
  const { x, filter } = inputs;
  const xv = float32Data(backend, x);
  const fv = float32Data(backend, filter);
  if (x === undefined || filter === undefined || xv === undefined || fv === undefined) return undefined;
  if (x.shape.length !== 4 || filter.shape.length !== 4) return undefined;
  const info = convInfoFromAttrs(x.shape, filter.shape, attrs);
  const geometry = convGeometry(info);
  if (geometry === undefined) return undefined;
  let biasValues: Float32Data | null = null;
  if (bias != null) {
    const values = float32Data(backend, bias);
    if (values === undefined || product(bias.shape) !== info.outChannels || bias.shape.at(-1) !== info.outChannels) return undefined;
    biasValues = values;
  }
  const out = makeFloat32Output(backend, info.outShape);
  addon.conv2d(xv, fv, biasValues, out.values, geometry, relu);
  return out.info;
}

/** Conv2D (NHWC) through oneDNN. */
export const conv2dNative: NativeKernelBody = (args) => convolve(args, null, false);

/** FusedConv2D (a Conv2D layer's forward) with an optional bias and a linear or ReLU activation. */
export const fusedConv2dNative: NativeKernelBody = (args) => {
  const activation = args.attrs["activation"] ?? "linear";
  if ((activation !== "linear" && activation !== "relu") || args.inputs["preluActivationWeights"] != null) return undefined;
  return convolve(args, args.inputs["bias"], activation === "relu");
};
