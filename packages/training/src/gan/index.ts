export * from "./build-gan.js";
export * from "./encode-png.js";
export * from "./gan-image-shape.js";
export * from "./plan-gan.js";
export * from "./tile-samples.js";
export * from "./train-gan.js";
