import type { NativeKernelBody } from "./native-kernel.js";
import { convInfoFromAttrs } from "./conv2d.js";
import { convGeometry } from "./geometry.js";
import { float32Data, makeFloat32Output } from "./tensor-values.js";

/** Conv2DBackpropInput (the gradient of a convolution with respect to its input) through oneDNN. */
export const conv2dBackpropInputNative: NativeKernelBody = ({ inputs, attrs, backend, addon }) => {
  const { dy, filter } = inputs;
  const dyv = float32Data(backend, dy);
  const fv = float32Data(backend, filter);
  const inputShape = attrs["inputShape"] as number[] | undefined;
  if (dy === undefined || filter === undefined || dyv === undefined || fv === undefined || inputShape?.length !== 4) return undefined;
  const info = convInfoFromAttrs(inputShape, filter.shape, attrs, 1);
  const geometry = convGeometry(info);
  if (geometry === undefined || dy.shape.join() !== info.outShape.join()) return undefined;
  const dx = makeFloat32Output(backend, info.inShape);
  addon.conv2dBackpropInput(dyv, fv, dx.values, geometry);
  return dx.info;
};

/** Conv2DBackpropFilter (the gradient of a convolution with respect to its filter) through oneDNN. */
export const conv2dBackpropFilterNative: NativeKernelBody = ({ inputs, attrs, backend, addon }) => {
  const { x, dy } = inputs;
  const xv = float32Data(backend, x);
  const dyv = float32Data(backend, dy);
  const filterShape = attrs["filterShape"] as number[] | undefined;
  if (x === undefined || dy === undefined || xv === undefined || dyv === undefined || filterShape?.length !== 4) return undefined;
  const info = convInfoFromAttrs(x.shape, filterShape, attrs, 1);
  const geometry = convGeometry(info);
  if (geometry === undefined || dy.shape.join() !== info.outShape.join()) return undefined;
  const dw = makeFloat32Output(backend, filterShape);
  addon.conv2dBackpropFilter(xv, dyv, dw.values, geometry);
  return dw.info;
};
