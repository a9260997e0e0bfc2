import { registerKernel, type KernelConfig, type TensorInfo } from "@tensorflow/tfjs";
import type { NativeCpuBackend } from "../native-cpu-backend.js";
import { nativeBackendName, nativeRunCounts } from "./native-kernel.js";
import { float32Data, makeFloat32Output, product } from "./tensor-values.js";

/**
 * One Adam step of one variable (native/adam.cc). Inputs value, m, v, gradient (one shape, float32),
 * oneMinusAccBeta1 and oneMinusAccBeta2 (scalars); attributes beta1, beta2, learningRate, epsilon.
 * Outputs the new value, m and v. No gradient: optimizers run outside the tape.
 */
export const adamUpdateKernelName = "TrainyardAdamUpdate";

const adamUpdate: KernelConfig = {
  kernelName: adamUpdateKernelName,
  backendName: nativeBackendName,
  kernelFunc: ({ inputs, attrs, backend }) => {
    const native = backend as NativeCpuBackend;
    const names = ["value", "m", "v", "gradient", "oneMinusAccBeta1", "oneMinusAccBeta2"] as const;
    const data = names.map((name) => {
      const values = float32Data(native, inputs[name] as TensorInfo | undefined);
      if (values === undefined) throw new Error(`${adamUpdateKernelName}: ${name} must be a float32 tensor`);
      return values;
    });
    const shape = (inputs["value"] as TensorInfo).shape;
    const outputs = [makeFloat32Output(native, shape), makeFloat32Output(native, shape), makeFloat32Output(native, shape)];
    const [value, m, v, gradient, accBeta1, accBeta2] = data as [typeof data[0], typeof data[0], typeof data[0], typeof data[0], typeof data[0], typeof data[0]];
    const [newValue, newM, newV] = outputs as [typeof outputs[0], typeof outputs[0], typeof outputs[0]];
    native.addon.adamUpdate(
      value, m, v, gradient, accBeta1, accBeta2, newValue.values, newM.values, newV.values, product(shape),
      Number(attrs?.["beta1"]), Number(attrs?.["beta2"]), Number(attrs?.["learningRate"]), Number(attrs?.["epsilon"]),
    );
    nativeRunCounts.set(adamUpdateKernelName, (nativeRunCounts.get(adamUpdateKernelName) ?? 0) + 1);
    return outputs.map((o) => o.info);
  },
};

/** Registers {@link adamUpdateKernelName} for the native backend. */
export function registerAdamUpdateKernel(): void {
  registerKernel(adamUpdate);
}
