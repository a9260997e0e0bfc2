export * from "./conflict-error.js";
export * from "./dataset-format-error.js";
export * from "./invalid-input-error.js";
export * from "./not-found-error.js";
export * from "./payload-too-large-error.js";
export * from "./service-unavailable-error.js";
export * from "./trainyard-error.js";
export * from "./unauthorized-error.js";
