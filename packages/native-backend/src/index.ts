export { nativeBackendName } from "./kernels/native-kernel.js";
export { nativeKernels } from "./kernels/native-kernels.js";
export { fusedLstmKernelName } from "./kernels/lstm.js";
export { NativeAddonMissingError } from "./native-addon-missing-error.js";
export { registerNativeBackend } from "./register-native-backend.js";
