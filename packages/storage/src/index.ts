export * from "./assert-object-key.js";
export * from "./filesystem-object-store.js";
