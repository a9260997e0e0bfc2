import type { NativeKernelBody } from "./native-kernel.js";
import { float32Data, int32Values, makeFloat32Output, product } from "./tensor-values.js";

/** GatherV2 of float32 rows (an Embedding's forward); out-of-range indices go to the cpu kernel, which reports them. */
export const gatherV2Native: NativeKernelBody = ({ inputs, attrs, backend, addon }) => {
  const { x, indices } = inputs;
  const xv = float32Data(backend, x);
  const iv = int32Values(backend, indices);
  if (x === undefined || indices === undefined || xv === undefined || iv === undefined) return undefined;
  if ((attrs["batchDims"] ?? 0) !== 0 || x.shape.length === 0) return undefined;
  const rawAxis = Number(attrs["axis"] ?? 0);
  const axis = rawAxis < 0 ? rawAxis + x.shape.length : rawAxis;
  const rows = x.shape[axis];
  if (rows === undefined || !Number.isInteger(axis)) return undefined;
  for (const index of iv) if (index < 0 || index >= rows) return undefined;
  const outShape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  const out = makeFloat32Output(backend, outShape);
  addon.gather(xv, iv, out.values, product(x.shape.slice(0, axis)), rows, product(x.shape.slice(axis + 1)), iv.length);
  return out.info;
};
