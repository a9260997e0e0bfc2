import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { UnsupportedKernelInputError } from "../errors/unsupported-kernel-input-error.js";

const kernelName = "UnsortedSegmentSum";

/**
 * UnsortedSegmentSum (the Embedding's gradient) for the wasm backend, which ships none: one pass
 * of scatter-add over `x`, O(size(x)). `segmentIds` may have any shape that prefixes `x`'s;
 * the output is `[numSegments, ...x.shape.slice(segmentIds.rank)]`. Ids outside
 * `[0, numSegments)` are dropped, as in TensorFlow.
 */
export const unsortedSegmentSumWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const numSegments = Number(attrs?.["numSegments"]);
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new UnsupportedKernelInputError(kernelName, `numSegments must be a non-negative integer, got ${String(attrs?.["numSegments"])}`);
  }
  if (x.dtype !== "float32" && x.dtype !== "int32") {
    throw new UnsupportedKernelInputError(kernelName, `needs float32 or int32 x, got ${x.dtype}`);
  }
  if (segmentIds.dtype !== "int32") {
    throw new UnsupportedKernelInputError(kernelName, `needs int32 segmentIds, got ${segmentIds.dtype}`);
  }
  const idRank = segmentIds.shape.length;
  if (segmentIds.shape.some((d, i) => d !== x.shape[i])) {
    throw new UnsupportedKernelInputError(
      kernelName,
      `segmentIds shape [${segmentIds.shape}] must be a prefix of x shape [${x.shape}]`,
    );
  }
  const inner = x.shape.slice(idRank).reduce((a, b) => a * b, 1);
  const out = wasm.makeOutput([numSegments, ...x.shape.slice(idRank)], x.dtype);
  // Views are taken after the allocation: a growing wasm heap detaches older views.
  const values = wasm.typedArrayFromHeap(x) as Float32Array | Int32Array;
  const ids = wasm.typedArrayFromHeap(segmentIds) as Int32Array;
  const result = wasm.typedArrayFromHeap(out) as Float32Array | Int32Array;
  result.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const segment = ids[i] ?? -1;
    if (segment < 0 || segment >= numSegments) continue;
    let src = i * inner;
    let dst = segment * inner;
    for (let j = 0; j < inner; j++) {
      result[dst] = (result[dst] ?? 0) + (values[src] ?? 0);
      dst++;
      src++;
    }
  }
  return out;
};

/** Registration record for {@link unsortedSegmentSumWasm}. */
export const unsortedSegmentSumWasmConfig: KernelConfig = {
  kernelName,
  backendName: "wasm",
  kernelFunc: unsortedSegmentSumWasm,
};
