import { getKernel, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { copyWasmTensor } from "./copy-wasm-tensor.js";
import { overrideWasmKernel } from "./override-wasm-kernel.js";
import { guardRightOperand } from "./right-operand-guard.js";

/**
 * Wraps the wasm backend's BatchMatMul and _FusedMatMul:
 * - BatchMatMul with `transposeA` / `transposeB` becomes an explicit Transpose and the plain product.
 *   In tfjs-backend-wasm 4.22 only the plain product uses XNNPACK; the transposed ones (a Dense
 *   layer's weight and input gradients, `x^T dy` and `dy W^T`) took about 6x longer here.
 * - Untransposed products get their right-hand operand through {@link guardRightOperand}, which fixes
 *   a stale-cache read out of bounds when one tensor is multiplied under two shapes.
 * Idempotent; returns whether it installed the BatchMatMul wrapper on this call.
 */
export function wrapWasmBatchMatMul(): boolean {
  overrideWasmKernel("_FusedMatMul", guardedFused);
  return overrideWasmKernel("BatchMatMul", transposeFirst);
}

function transposeFirst(plain: KernelFunc): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const wasm = backend as BackendWasm;
    const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
    const temporaries: TensorInfo[] = [];
    try {
      const $a = attrs?.["transposeA"] === true ? swapLastAxes(a, wasm, temporaries) : a;
      const $b = attrs?.["transposeB"] === true ? swapLastAxes(b, wasm, temporaries) : guardRightOperand(wasm, b, temporaries);
      return plain({ inputs: { a: $a, b: $b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      for (const t of temporaries) wasm.disposeData(t.dataId);
    }
  };
}

function guardedFused(fused: KernelFunc): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    // Transposed fused products take tfjs's uncached path: nothing to guard.
    if (attrs?.["transposeA"] === true || attrs?.["transposeB"] === true) return fused({ inputs, backend, attrs });
    const wasm = backend as BackendWasm;
    const temporaries: TensorInfo[] = [];
    try {
      const b = guardRightOperand(wasm, inputs["b"] as TensorInfo, temporaries);
      return fused({ inputs: { ...inputs, b }, backend, attrs });
    } finally {
      for (const t of temporaries) wasm.disposeData(t.dataId);
    }
  };
}

/** A fresh tensor holding `x` with its last two axes swapped, pushed onto `temporaries`. */
function swapLastAxes(x: TensorInfo, wasm: BackendWasm, temporaries: TensorInfo[]): TensorInfo {
  const transpose = getKernel("Transpose", "wasm");
  if (transpose === undefined) throw new Error("the wasm backend has no Transpose kernel");
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  const out = transpose.kernelFunc({ inputs: { x }, backend: wasm, attrs: { perm } }) as TensorInfo;
  if (out.dataId !== x.dataId) {
    temporaries.push(out);
    return out;
  }
  // A transpose that only moves size-1 axes shares x's data id; copy it so the result is fresh.
  wasm.disposeData(out.dataId);
  const copy = copyWasmTensor(wasm, x, out.shape);
  temporaries.push(copy);
  return copy;
}
