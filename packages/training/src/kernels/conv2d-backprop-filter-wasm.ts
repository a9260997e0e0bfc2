import { backend_util, getKernel, type KernelConfig, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { UnsupportedKernelInputError } from "../errors/unsupported-kernel-input-error.js";
import { copyWasmTensor } from "./copy-wasm-tensor.js";

const kernelName = "Conv2DBackpropFilter";

/** Tunables of {@link conv2dBackpropFilterWasm}. */
export const conv2dBackpropFilterWasmSettings = {
  /**
   * Upper bound on the im2col matrix in float32 elements; default 8 Mi (32 MiB). Larger problems are
   * split over the batch dimension and their partial gradients summed, so memory stays bounded.
   */
  maxColumnElements: 8 * 1024 * 1024,
};

type Conv2DInfo = ReturnType<typeof backend_util.computeConv2DInfo>;

/**
 * Conv2DBackpropFilter (the convolution's weight gradient) for the wasm backend, which ships none.
 *
 * Builds the im2col matrix `col[K = fh*fw*inC][N = batch*outH*outW]` in JS directly on the wasm
 * heap, then multiplies it by a copy of `dy` viewed as `[N, outC]` with the wasm backend's own
 * BatchMatMul (XNNPACK). The `[K, outC]` product is the filter gradient in `[fh, fw, inC, outC]` order.
 * Supports NHWC, any strides, 'valid' / 'same' / numeric / explicit padding; dilations must be 1.
 */
export const conv2dBackpropFilterWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const info = computeInfo(x, dy, attrs ?? {});
  const batchMatMul = getKernel("BatchMatMul", "wasm");
  if (batchMatMul === undefined) {
    throw new UnsupportedKernelInputError(kernelName, "the wasm backend has no BatchMatMul kernel");
  }
  const matMul = (a: TensorInfo, b: TensorInfo): TensorInfo =>
    batchMatMul.kernelFunc({
      inputs: { a, b },
      backend,
      attrs: { transposeA: false, transposeB: false },
    }) as TensorInfo;

  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const perSample = info.outHeight * info.outWidth;
  const chunk = Math.max(1, Math.min(info.batchSize, Math.floor(conv2dBackpropFilterWasmSettings.maxColumnElements / Math.max(1, k * perSample))));

  if (chunk === info.batchSize) {
    const n = info.batchSize * perSample;
    const col = wasm.makeOutput([1, k, n], "float32");
    let dyMatrix: TensorInfo | undefined;
    try {
      fillColumns(wasm.typedArrayFromHeap(x) as Float32Array, wasm.typedArrayFromHeap(col) as Float32Array, info, 0, info.batchSize);
      // dy is [batch, outH, outW, outC] in memory, i.e. already the [N, outC] matrix; it is copied
      // because BatchMatMul caches its right-hand operand by id (see copyWasmTensor).
      dyMatrix = copyWasmTensor(wasm, dy, [1, n, info.outChannels]);
      const out = matMul(col, dyMatrix);
      return { dataId: out.dataId, shape: [...info.filterShape], dtype: "float32" };
    } finally {
      wasm.disposeData(col.dataId);
      if (dyMatrix !== undefined) wasm.disposeData(dyMatrix.dataId);
    }
  }
  return accumulateInChunks(wasm, x, dy, info, chunk, matMul);
};

/** The large-problem path: one im2col + matmul per `chunk` samples, partial gradients summed in JS. */
function accumulateInChunks(
  wasm: BackendWasm,
  x: TensorInfo,
  dy: TensorInfo,
  info: Conv2DInfo,
  chunk: number,
  matMul: (a: TensorInfo, b: TensorInfo) => TensorInfo,
): TensorInfo {
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const perSample = info.outHeight * info.outWidth;
  const outC = info.outChannels;
  const total = new Float32Array(k * outC);
  for (let b0 = 0; b0 < info.batchSize; b0 += chunk) {
    const b1 = Math.min(info.batchSize, b0 + chunk);
    const n = (b1 - b0) * perSample;
    // Fresh buffers per chunk: BatchMatMul caches its right-hand operand by id (see copyWasmTensor),
    // so refilling one tensor in place would reuse stale packed values.
    const col = wasm.makeOutput([1, k, n], "float32");
    const dyChunk = wasm.makeOutput([1, n, outC], "float32");
    try {
      // Views are taken after every allocation: a growing wasm heap detaches older views.
      fillColumns(wasm.typedArrayFromHeap(x) as Float32Array, wasm.typedArrayFromHeap(col) as Float32Array, info, b0, b1);
      const dyAll = wasm.typedArrayFromHeap(dy) as Float32Array;
      (wasm.typedArrayFromHeap(dyChunk) as Float32Array).set(dyAll.subarray(b0 * perSample * outC, b1 * perSample * outC));
      const partial = matMul(col, dyChunk);
      const values = wasm.typedArrayFromHeap(partial) as Float32Array;
      for (let i = 0; i < total.length; i++) total[i] = (total[i] ?? 0) + (values[i] ?? 0);
      wasm.disposeData(partial.dataId);
    } finally {
      wasm.disposeData(col.dataId);
      wasm.disposeData(dyChunk.dataId);
    }
  }
  return wasm.makeOutput([...info.filterShape], "float32", undefined, total);
}

/**
 * Writes rows `k = (fy*fw + fx)*inC + c` of the column matrix for samples [b0, b1): entry
 * `(b - b0)*outH*outW + oy*outW + ox` is `x[b, oy*sh - top + fy, ox*sw - left + fx, c]`, or 0 where
 * that falls into the padding.
 */
function fillColumns(x: Float32Array, col: Float32Array, info: Conv2DInfo, b0: number, b1: number): void {
  const { inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const n = (b1 - b0) * oh * ow;
  for (let fy = 0; fy < fh; fy++) {
    for (let fx = 0; fx < fw; fx++) {
      // Output columns whose input column lies inside the image, for this filter column.
      const oxMin = Math.min(ow, Math.max(0, Math.ceil((left - fx) / sw)));
      const oxMax = Math.max(oxMin, Math.min(ow, Math.floor((w - 1 + left - fx) / sw) + 1));
      for (let ch = 0; ch < c; ch++) {
        let dst = ((fy * fw + fx) * c + ch) * n;
        for (let b = b0; b < b1; b++) {
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - top + fy;
            if (iy < 0 || iy >= h) {
              col.fill(0, dst, dst + ow);
              dst += ow;
              continue;
            }
            col.fill(0, dst, dst + oxMin);
            let src = ((b * h + iy) * w + (oxMin * sw - left + fx)) * c + ch;
            const step = sw * c;
            for (let ox = oxMin; ox < oxMax; ox++) {
              col[dst + ox] = x[src] ?? 0;
              src += step;
            }
            col.fill(0, dst + oxMax, dst + ow);
            dst += ow;
          }
        }
      }
    }
  }
}

function computeInfo(x: TensorInfo, dy: TensorInfo, attrs: Record<string, unknown>): Conv2DInfo {
  if (x.dtype !== "float32" || dy.dtype !== "float32") {
    throw new UnsupportedKernelInputError(kernelName, `needs float32 inputs, got x ${x.dtype} and dy ${dy.dtype}`);
  }
  if (x.shape.length !== 4 || dy.shape.length !== 4) {
    throw new UnsupportedKernelInputError(kernelName, `needs rank-4 x and dy, got [${x.shape}] and [${dy.shape}]`);
  }
  const dataFormat = attrs["dataFormat"] ?? "NHWC";
  if (dataFormat !== "NHWC") {
    throw new UnsupportedKernelInputError(kernelName, `supports dataFormat NHWC only, got ${String(dataFormat)}`);
  }
  const dilations = attrs["dilations"] ?? 1;
  const dilationList = Array.isArray(dilations) ? dilations : [dilations];
  if (!dilationList.every((d) => d === 1)) {
    throw new UnsupportedKernelInputError(kernelName, `supports dilations 1 only, got ${JSON.stringify(dilations)}`);
  }
  const filterShape = attrs["filterShape"] as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    attrs["strides"] as number | [number, number],
    1,
    attrs["pad"] as Parameters<typeof backend_util.computeConv2DInfo>[4],
    attrs["dimRoundingMode"] as "floor" | "round" | "ceil" | undefined,
    false,
    "channelsLast",
  );
  const expected = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  if (expected.some((d, i) => d !== dy.shape[i])) {
    throw new UnsupportedKernelInputError(kernelName, `dy has shape [${dy.shape}], expected [${expected}]`);
  }
  return info;
}

/** Registration record for {@link conv2dBackpropFilterWasm}. */
export const conv2dBackpropFilterWasmConfig: KernelConfig = {
  kernelName,
  backendName: "wasm",
  kernelFunc: conv2dBackpropFilterWasm,
};
