export * from "./artifact-repository.js";
export * from "./auth-repository.js";
export * from "./dataset-repository.js";
export * from "./job-queue.js";
export * from "./job-repository.js";
export * from "./object-store.js";
export * from "./parsed-dataset.js";
