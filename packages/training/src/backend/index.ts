export * from "./load-backend.js";
export * from "./locate-wasm-binaries.js";
