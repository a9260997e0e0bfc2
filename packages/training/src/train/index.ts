export * from "./classification-steps.js";
export * from "./create-optimizer.js";
export * from "./make-batch.js";
export * from "./seeded-random.js";
export * from "./train-model.js";
