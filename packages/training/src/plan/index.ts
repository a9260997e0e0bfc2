export * from "./model-plan.js";
export * from "./plan-model.js";
