export * from "./assert-object-key.js";
export * from "./create-object-store.js";
export * from "./filesystem-object-store.js";
export * from "./format-content-disposition.js";
export * from "./presigned-url-store.js";
export * from "./s3-object-store.js";
