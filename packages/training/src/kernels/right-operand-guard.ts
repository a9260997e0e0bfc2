import type { TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { copyWasmTensor } from "./copy-wasm-tensor.js";

/** The [rows, columns] each right-hand operand's data id was first multiplied with. */
const shapesByDataId = new WeakMap<object, string>();

/**
 * Returns `b`, or a fresh copy of it (pushed onto `temporaries`) when its data id was already used
 * as a right-hand operand with other trailing dimensions.
 *
 * Why: tfjs-backend-wasm 4.22 caches the XNNPACK operator of an untransposed matmul, with `b` packed
 * into it, under `b`'s tensor id alone; a reshape shares that id, so multiplying by `w` and then by
 * `reshape(w, ...)` reused the first packing and read out of bounds ("memory access out of bounds").
 */
export function guardRightOperand(backend: BackendWasm, b: TensorInfo, temporaries: TensorInfo[]): TensorInfo {
  const key = b.shape.slice(-2).join("x");
  const seen = shapesByDataId.get(b.dataId);
  if (seen === undefined) {
    shapesByDataId.set(b.dataId, key);
    return b;
  }
  if (seen === key) return b;
  const copy = copyWasmTensor(backend, b);
  shapesByDataId.set(copy.dataId, key);
  temporaries.push(copy);
  return copy;
}
