export * from "./model-plan.js";
export * from "./plan-model.js";
export { supportedKerasActivations, supportedKerasLayers } from "../keras/measure-keras-layer.js";
