import { backend_util } from "@tensorflow/tfjs";
import { product } from "./tensor-values.js";

/** Operand i of a broadcast op reads its element (i / div) % mod (native/elementwise.cc). */
export interface OperandMapping {
  div: number;
  mod: number;
}

/**
 * How `shape` maps onto `outShape` when broadcast, or undefined when its kept axes are not one
 * contiguous block (say [3, 1, 4] against [3, 5, 4]), which the native kernels do not handle.
 */
export function operandMapping(shape: readonly number[], outShape: readonly number[]): OperandMapping | undefined {
  const rank = outShape.length;
  const padded = [...new Array<number>(rank - shape.length).fill(1), ...shape];
  let first = rank;
  let last = -1;
  for (let d = 0; d < rank; d++) {
    if ((padded[d] ?? 1) !== 1) {
      first = Math.min(first, d);
      last = d;
    }
  }
  if (last < 0) return { div: 1, mod: 1 };
  for (let d = first; d <= last; d++) {
    if (padded[d] !== outShape[d] && (outShape[d] ?? 1) !== 1) return undefined;
  }
  return { div: product(outShape.slice(last + 1)), mod: product(outShape.slice(first, last + 1)) };
}

/** The broadcast output shape and both operands' mappings, or undefined when either is unsupported or the shapes do not broadcast. */
export function broadcastMappings(aShape: number[], bShape: number[]): { outShape: number[]; a: OperandMapping; b: OperandMapping } | undefined {
  let outShape: number[];
  try {
    outShape = backend_util.assertAndGetBroadcastShape(aShape, bShape);
  } catch {
    return undefined; // the cpu kernel reports the mismatch
  }
  const a = operandMapping(aShape, outShape);
  const b = operandMapping(bShape, outShape);
  return a === undefined || b === undefined ? undefined : { outShape, a, b };
}
