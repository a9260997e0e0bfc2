export * from "./csv/parse-csv-dataset.js";
export * from "./encoding/decode-dataset.js";
export * from "./encoding/encode-dataset.js";
export * from "./gunzip-if-compressed.js";
export * from "./idx/parse-idx-dataset.js";
export * from "./jsonl/parse-jsonl-dataset.js";
export * from "./stats/compute-dataset-stats.js";
