export * from "./backend/index.js";
export * from "./errors/index.js";
export * from "./kernels/index.js";
export * from "./model/index.js";
export * from "./plan/index.js";
export * from "./save/index.js";
export * from "./train/index.js";
