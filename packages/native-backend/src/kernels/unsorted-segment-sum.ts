import type { NativeKernelBody } from "./native-kernel.js";
import { float32Data, int32Values, makeFloat32Output, product } from "./tensor-values.js";

/**
 * UnsortedSegmentSum (the Embedding's gradient) in one scatter-add pass; the cpu backend's kernel
 * builds a masked copy per segment (minutes and gigabytes for a 10,000-word vocabulary).
 */
export const unsortedSegmentSumNative: NativeKernelBody = ({ inputs, attrs, backend, addon }) => {
  const { x, segmentIds } = inputs;
  const xv = float32Data(backend, x);
  const ids = int32Values(backend, segmentIds);
  const numSegments = Number(attrs["numSegments"]);
  if (x === undefined || segmentIds === undefined || xv === undefined || ids === undefined) return undefined;
  if (!Number.isInteger(numSegments) || numSegments < 0) return undefined;
  const idRank = segmentIds.shape.length;
  if (idRank > x.shape.length || segmentIds.shape.some((d, i) => d !== x.shape[i])) return undefined;
  const out = makeFloat32Output(backend, [numSegments, ...x.shape.slice(idRank)]);
  addon.unsortedSegmentSum(xv, ids, out.values, ids.length, product(x.shape.slice(idRank)), numSegments);
  return out.info;
};
