import { backend_util, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { UnsupportedKernelInputError } from "../errors/unsupported-kernel-input-error.js";
import { overrideWasmKernel } from "./override-wasm-kernel.js";

const kernelName = "MaxPoolGrad";

/**
 * MaxPoolGrad for the wasm backend as one scatter pass in JS over the wasm heap: each output
 * position sends its `dy` to the first maximum of its window (row-major, as the cpu backend picks
 * it); an all-NaN window sends nothing. NHWC float32, any pool size,
 * strides and padding; dilations 1.
 */
export const maxPoolGradWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  if (input.dtype !== "float32" || dy.dtype !== "float32") {
    throw new UnsupportedKernelInputError(kernelName, `needs float32 inputs, got input ${input.dtype} and dy ${dy.dtype}`);
  }
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs?.["filterSize"] as [number, number] | number,
    attrs?.["strides"] as [number, number] | number,
    1,
    attrs?.["pad"] as Parameters<typeof backend_util.computePool2DInfo>[4],
    attrs?.["dimRoundingMode"] as "floor" | "round" | "ceil" | undefined,
  );
  const dx = wasm.makeOutput([...input.shape], "float32");
  // Views are taken after the allocation: a growing wasm heap detaches older views.
  const x = wasm.typedArrayFromHeap(input) as Float32Array;
  const grad = wasm.typedArrayFromHeap(dy) as Float32Array;
  const out = wasm.typedArrayFromHeap(dx) as Float32Array;
  out.fill(0);
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  let g = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = Math.max(0, oy * sh - top);
      const y1 = Math.min(h, oy * sh - top + fh);
      for (let ox = 0; ox < ow; ox++) {
        const x0 = Math.max(0, ox * sw - left);
        const x1 = Math.min(w, ox * sw - left + fw);
        const corner = ((b * h + y0) * w + x0) * c;
        const rowStep = w * c;
        for (let d = 0; d < c; d++, g++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let iy = y0, row = corner + d; iy < y1; iy++, row += rowStep) {
            for (let ix = x0, i = row; ix < x1; ix++, i += c) {
              const v = x[i] as number;
              if (v > best) {
                best = v;
                at = i;
              }
            }
          }
          if (at >= 0) out[at] = (out[at] as number) + (grad[g] as number);
        }
      }
    }
  }
  return dx;
};

/**
 * Replaces the wasm backend's MaxPoolGrad with {@link maxPoolGradWasm}: tfjs-backend-wasm 4.22's
 * took about 90 ms of a 186 ms seed-CNN step at batch 128 here. Idempotent.
 */
export function replaceWasmMaxPoolGrad(): boolean {
  return overrideWasmKernel(kernelName, () => maxPoolGradWasm);
}
