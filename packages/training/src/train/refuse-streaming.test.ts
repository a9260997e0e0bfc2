import { test } from "node:test";
import assert from "node:assert/strict";
import { jobSpecSchema } from "@trainyard/contracts";
import { refuseStreaming } from "./refuse-streaming.js";

const mib = 1024 * 1024;
const spec = (extra: Record<string, unknown>) =>
  jobSpecSchema.parse({ model: { type: "cnn" }, dataset: { id: "00000000-0000-4000-8000-000000000001" }, ...extra });

test("refuseStreaming lets in-limit data and streamable jobs through and names the field and both sizes otherwise", () => {
  const numeric = { dtype: "float32", sizeBytes: 1400 * mib };
  const text = { dtype: "text", sizeBytes: 1400 * mib };
  const check = (s: ReturnType<typeof spec>, dataset: typeof numeric, field: "dataset.id" | "validation.datasetId" = "dataset.id") =>
    refuseStreaming({ spec: s, dataset, field, maxInMemoryMB: 1024 });

  assert.equal(check(spec({}), { dtype: "text", sizeBytes: 1024 * mib }), null, "at the limit it loads into memory");
  assert.equal(check(spec({}), numeric), null, "a numeric classifier streams");
  assert.deepEqual(check(spec({ model: { type: "rnn", vocabSize: 100 } }), text), {
    field: "dataset.id",
    message: "text datasets are tokenized in memory; this one is 1,400 MiB, over MAX_IN_MEMORY_MB (1,024)",
  });
  assert.equal(check(spec({ model: { type: "rnn", vocabSize: 100 } }), text, "validation.datasetId")?.field, "validation.datasetId");
  assert.deepEqual(check(spec({ crossValidation: { folds: 3 } }), numeric), {
    field: "crossValidation",
    message: "cross-validation trains on a dataset held in memory; dataset.id is 1,400 MiB, over MAX_IN_MEMORY_MB (1,024)",
  });
  assert.equal(check(spec({ model: { type: "gan" } }), numeric)?.field, "model.type");
  assert.equal(check(spec({ model: { type: "gan" } }), numeric, "validation.datasetId"), null, "only the training dataset is held by a gan");
});
