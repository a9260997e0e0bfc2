export * from "./backend-unavailable-error.js";
export * from "./unsupported-kernel-input-error.js";
