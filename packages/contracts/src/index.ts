export * from "./dataset.js";
export * from "./http.js";
export * from "./job-spec.js";
export * from "./job-status.js";
export * from "./model-spec/index.js";
export * from "./queue-payload.js";
export * from "./worker.js";
