import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { overrideWasmKernel } from "./override-wasm-kernel.js";

const kernelName = "Unpack";

/** The dtypes whose values the wasm heap holds as plain typed arrays. */
const heapDtypes = new Set(["float32", "int32", "bool"]);

/**
 * Unpack (tf.unstack; the recurrent layers split their input into time steps with it) for the wasm
 * backend: each output is copied straight from the input's memory, `x.size` values in all. The stock
 * kernel slices once per output and each slice copies the whole input out of the wasm heap first:
 * for the seed RNN's [100, 128, 64] input, 100 copies of 3.2 MB: 202.6 ms per call against 1.3 ms
 * here, on an idle machine (more under load: page faults). Other dtypes go to the stock kernel.
 */
export function makeUnpackWasm(original: KernelFunc): KernelFunc {
  return (args) => {
    const wasm = args.backend as BackendWasm;
    const { value } = args.inputs as { value: TensorInfo };
    if (!heapDtypes.has(value.dtype)) return original(args);
    const rank = value.shape.length;
    const rawAxis = Number(args.attrs?.["axis"] ?? 0);
    const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
    if (!(Number.isInteger(axis) && axis >= 0 && axis < rank)) return original(args);
    const count = value.shape[axis] ?? 0;
    const outShape = value.shape.filter((_, i) => i !== axis);
    const outer = value.shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const inner = value.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const outputs = Array.from({ length: count }, () => wasm.makeOutput(outShape, value.dtype));
    // Views are taken after every allocation: a growing wasm heap detaches older views.
    const source = wasm.typedArrayFromHeap(value);
    outputs.forEach((output, i) => {
      const target = wasm.typedArrayFromHeap(output);
      for (let o = 0; o < outer; o++) {
        const from = (o * count + i) * inner;
        target.set(source.subarray(from, from + inner), o * inner);
      }
    });
    return outputs;
  };
}

/** Replaces the wasm backend's Unpack with {@link makeUnpackWasm}; false when it is missing or already replaced. */
export function replaceWasmUnpack(): boolean {
  return overrideWasmKernel(kernelName, makeUnpackWasm);
}
