export * from "./save-model.js";
