export * from "./config.js";
export * from "./config-error.js";
export * from "./create-logger.js";
export * from "./env.js";
export * from "./run-until-signal.js";
