export * from "./errors/index.js";
export * from "./job-transitions.js";
export * from "./ports/index.js";
