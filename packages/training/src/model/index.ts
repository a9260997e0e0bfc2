export * from "./build-model.js";
export * from "./describe-model.js";
export * from "./unsupported-model-error.js";
