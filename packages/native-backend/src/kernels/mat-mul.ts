import { backend_util, type TensorInfo } from "@tensorflow/tfjs";
import type { Float32Data, NativeAddon } from "../native-addon.js";
import type { NativeCpuBackend } from "../native-cpu-backend.js";
import type { NativeKernelBody } from "./native-kernel.js";
import { float32Data, makeFloat32Output, product } from "./tensor-values.js";

interface MatMulCall {
  a: TensorInfo | undefined;
  b: TensorInfo | undefined;
  transposeA: boolean;
  transposeB: boolean;
  bias?: TensorInfo | null | undefined;
  activation?: 0 | 1;
}

/** Batched products with one operand's batch broadcast (or none); other broadcasts go to the cpu kernel. */
function multiply(backend: NativeCpuBackend, addon: NativeAddon, call: MatMulCall): TensorInfo | undefined {
  const { a, b, transposeA, transposeB } = call;
  const av = float32Data(backend, a);
  const bv = float32Data(backend, b);
  if (a === undefined || b === undefined || av === undefined || bv === undefined) return undefined;
  const aRank = a.shape.length;
  const bRank = b.shape.length;
  if (aRank < 2 || bRank < 2) return undefined;
  const [aRows, aCols] = [a.shape[aRank - 2] ?? 0, a.shape[aRank - 1] ?? 0];
  const [bRows, bCols] = [b.shape[bRank - 2] ?? 0, b.shape[bRank - 1] ?? 0];
  const [m, k] = transposeA ? [aCols, aRows] : [aRows, aCols];
  const [kB, n] = transposeB ? [bCols, bRows] : [bRows, bCols];
  if (k !== kB || m === 0 || n === 0) return undefined; // the cpu kernel reports the mismatch
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  let outer: number[];
  try {
    outer = backend_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return undefined;
  }
  const batch = product(outer);
  const batchA = product(outerA);
  const batchB = product(outerB);
  if (batch === 0 || (batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return undefined;
  let bias: Float32Data | null = null;
  if (call.bias != null) {
    const values = float32Data(backend, call.bias);
    if (values === undefined || product(call.bias.shape) !== n || call.bias.shape.at(-1) !== n) return undefined;
    bias = values;
  }
  const out = makeFloat32Output(backend, [...outer, m, n]);
  addon.matMul(av, bv, out.values, batch, batchA === 1 ? 0 : m * k, batchB === 1 ? 0 : k * n, m, n, k, transposeA, transposeB, bias, call.activation ?? 0);
  return out.info;
}

/** BatchMatMul through oneDNN's sgemm. */
export const batchMatMulNative: NativeKernelBody = ({ inputs, attrs, backend, addon }) =>
  multiply(backend, addon, { a: inputs["a"], b: inputs["b"], transposeA: attrs["transposeA"] === true, transposeB: attrs["transposeB"] === true });

/** _FusedMatMul (a Dense layer's forward) with a bias of `n` values and a linear or ReLU activation. */
export const fusedMatMulNative: NativeKernelBody = ({ inputs, attrs, backend, addon }) => {
  const activation = attrs["activation"] ?? "linear";
  if ((activation !== "linear" && activation !== "relu") || inputs["preluActivationWeights"] != null) return undefined;
  return multiply(backend, addon, {
    a: inputs["a"],
    b: inputs["b"],
    transposeA: attrs["transposeA"] === true,
    transposeB: attrs["transposeB"] === true,
    bias: inputs["bias"],
    activation: activation === "relu" ? 1 : 0,
  });
};
