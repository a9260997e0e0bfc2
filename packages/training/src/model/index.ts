export * from "./build-model.js";
