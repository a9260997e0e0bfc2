export * from "./conv2d-backprop-filter-wasm.js";
export * from "./copy-wasm-tensor.js";
export * from "./max-pool-grad-wasm.js";
export * from "./override-wasm-kernel.js";
export * from "./register-wasm-kernels.js";
export * from "./right-operand-guard.js";
export * from "./unsorted-segment-sum-wasm.js";
export * from "./wrap-batch-mat-mul-wasm.js";
