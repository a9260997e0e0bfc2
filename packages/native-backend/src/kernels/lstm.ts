import { engine, registerGradient, registerKernel, type GradConfig, type KernelConfig, type Tensor, type TensorInfo } from "@tensorflow/tfjs";
import type { NativeCpuBackend } from "../native-cpu-backend.js";
import { nativeBackendName, nativeRunCounts } from "./native-kernel.js";
import { float32Data, makeFloat32Output } from "./tensor-values.js";

/**
 * A whole LSTM sequence in one kernel (native/lstm.cc). Inputs x [B, T, D], kernel [D, 4U],
 * recurrentKernel [U, 4U], bias [4U]; attribute hardSigmoid (the gates' activation: tfjs's default
 * hard sigmoid, or the logistic one). Outputs hs [B, T, U] (every step's h), and zs [T, B, 4U] and
 * cs [T, B, U], kept for the gradient.
 */
export const fusedLstmKernelName = "TrainyardFusedLstm";
export const fusedLstmGradKernelName = "TrainyardFusedLstmGrad";
const gradientKernelName = fusedLstmGradKernelName;

interface Sizes {
  batch: number;
  steps: number;
  features: number;
  units: number;
}

function sizesOf(x: TensorInfo, recurrentKernel: TensorInfo): Sizes {
  const [batch = 0, steps = 0, features = 0] = x.shape;
  return { batch, steps, features, units: recurrentKernel.shape[0] ?? 0 };
}

function data(backend: NativeCpuBackend, t: TensorInfo | undefined, name: string) {
  const values = float32Data(backend, t);
  if (values === undefined) throw new Error(`${fusedLstmKernelName}: ${name} must be a float32 tensor`);
  return values;
}

const forward: KernelConfig = {
  kernelName: fusedLstmKernelName,
  backendName: nativeBackendName,
  kernelFunc: ({ inputs, attrs, backend }) => {
    const native = backend as NativeCpuBackend;
    const { x, kernel, recurrentKernel, bias } = inputs as Record<string, TensorInfo>;
    if (x === undefined || recurrentKernel === undefined) throw new Error(`${fusedLstmKernelName}: missing inputs`);
    const s = sizesOf(x, recurrentKernel);
    const hs = makeFloat32Output(native, [s.batch, s.steps, s.units]);
    const zs = makeFloat32Output(native, [s.steps, s.batch, 4 * s.units]);
    const cs = makeFloat32Output(native, [s.steps, s.batch, s.units]);
    native.addon.lstmForward(
      data(native, x, "x"), data(native, kernel, "kernel"), data(native, recurrentKernel, "recurrentKernel"), data(native, bias, "bias"),
      hs.values, zs.values, cs.values, s.batch, s.steps, s.features, s.units, attrs?.["hardSigmoid"] === true,
    );
    nativeRunCounts.set(fusedLstmKernelName, (nativeRunCounts.get(fusedLstmKernelName) ?? 0) + 1);
    return [hs.info, zs.info, cs.info];
  },
};

const backward: KernelConfig = {
  kernelName: gradientKernelName,
  backendName: nativeBackendName,
  kernelFunc: ({ inputs, attrs, backend }) => {
    const native = backend as NativeCpuBackend;
    const { dhs, x, kernel, recurrentKernel, hs, zs, cs } = inputs as Record<string, TensorInfo>;
    if (x === undefined || kernel === undefined || recurrentKernel === undefined) throw new Error(`${gradientKernelName}: missing inputs`);
    const s = sizesOf(x, recurrentKernel);
    const dx = makeFloat32Output(native, x.shape);
    const dKernel = makeFloat32Output(native, kernel.shape);
    const dRecurrent = makeFloat32Output(native, recurrentKernel.shape);
    const dBias = makeFloat32Output(native, [4 * s.units]);
    native.addon.lstmBackward(
      data(native, dhs, "dhs"), data(native, x, "x"), data(native, kernel, "kernel"), data(native, recurrentKernel, "recurrentKernel"),
      data(native, hs, "hs"), data(native, zs, "zs"), data(native, cs, "cs"),
      dx.values, dKernel.values, dRecurrent.values, dBias.values, s.batch, s.steps, s.features, s.units, attrs?.["hardSigmoid"] === true,
    );
    nativeRunCounts.set(gradientKernelName, (nativeRunCounts.get(gradientKernelName) ?? 0) + 1);
    return [dx.info, dKernel.info, dRecurrent.info, dBias.info];
  },
};

const gradient: GradConfig = {
  kernelName: fusedLstmKernelName,
  inputsToSave: ["x", "kernel", "recurrentKernel"],
  outputsToSave: [true, true, true],
  gradFunc: (dy, saved, attrs) => {
    const [x, kernel, recurrentKernel, hs, zs, cs] = saved;
    const dhs = (Array.isArray(dy) ? dy[0] : dy) ?? null;
    if (dhs === null || x === undefined) throw new Error(`${fusedLstmKernelName}: no gradient for its output`);
    const [dx, dKernel, dRecurrent, dBias] = engine().runKernel(gradientKernelName, { dhs, x, kernel, recurrentKernel, hs, zs, cs } as unknown as Record<string, Tensor>, attrs) as Tensor[];
    return { x: () => dx as Tensor, kernel: () => dKernel as Tensor, recurrentKernel: () => dRecurrent as Tensor, bias: () => dBias as Tensor };
  },
};

/** Registers the fused LSTM kernels for the native backend and the fused op's gradient. */
export function registerFusedLstmKernels(): void {
  registerKernel(forward);
  registerKernel(backward);
  registerGradient(gradient);
}
