import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { DatasetView, ErrorResponse } from "@trainyard/contracts";
import { makeIdxDataset } from "../fixtures/idx.js";
import { makeKeywordTextDataset } from "../fixtures/jsonl.js";
import { trainToEnd, uploadDataFile, uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

/** One JSON log line of the stack's processes. */
type LogLine = Record<string, unknown> & { msg?: string; jobId?: string };

describe("datasets over MAX_IN_MEMORY_MB", () => {
  let stack: TestStack;
  let key: string;
  let images: DatasetView;
  const logs: LogLine[] = [];
  const mebibyte = 1024 * 1024;

  before(async () => {
    stack = await startTestStack({
      worker: true,
      env: { MAX_IN_MEMORY_MB: "1" },
      logDestination: { write: (line) => void logs.push(JSON.parse(line) as LogLine) },
    });
    key = await stack.createTenantKey();
    // 3,800 28x28 uint8 images and their labels: about 2.9 MiB stored, nearly three times the limit.
    images = await uploadIdx(stack, key, makeIdxDataset({ count: 3800, height: 28, width: 28, numClasses: 4, seed: 21 }));
  });
  after(async () => {
    await stack.stop();
  });

  test("trains on a dataset streamed from the object store and learns it", async () => {
    assert.ok(images.sizeBytes > 2.5 * mebibyte, `the dataset is ${images.sizeBytes} bytes`);
    const { job, metrics } = await trainToEnd(stack, key, {
      model: { type: "sequential", layers: [{ type: "flatten" }, { type: "dense", units: 16, activation: "relu" }, { type: "dense", units: 4, activation: "softmax" }] },
      dataset: { id: images.id, validationSplit: 0.2 },
      training: { epochs: 2, batchSize: 64, learningRate: 0.01, seed: 4 },
    }, 50_000);
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    assert.equal(metrics.length, 2);
    assert.ok((metrics.at(-1)?.val_accuracy ?? 0) >= 0.9, JSON.stringify(metrics.at(-1)));
    // The worker says which path it took; an in-memory load would log streamed: false.
    const opened = logs.filter((line) => line.msg === "dataset opened" && line.jobId === job.id);
    assert.deepEqual(
      opened.map(({ dataset, streamed, limitMiB }) => ({ dataset, streamed, limitMiB })),
      [{ dataset: "dataset.id", streamed: true, limitMiB: 1 }],
    );
    assert.ok(Math.abs(Number(opened[0]?.["sizeMiB"]) - images.sizeBytes / mebibyte) < 0.1);
  });

  test("validates on, and evaluates, another streamed dataset", async () => {
    const heldOut = await uploadIdx(stack, key, makeIdxDataset({ count: 1600, height: 28, width: 28, numClasses: 4, seed: 22 }));
    const { job, metrics } = await trainToEnd(stack, key, {
      model: { type: "sequential", layers: [{ type: "flatten" }, { type: "dense", units: 8, activation: "relu" }, { type: "dense", units: 4, activation: "softmax" }] },
      dataset: { id: images.id },
      validation: { datasetId: heldOut.id },
      evaluation: { datasetId: heldOut.id },
      training: { epochs: 1, batchSize: 64, learningRate: 0.01, seed: 5 },
    }, 50_000);
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    const opened = logs.filter((line) => line.msg === "dataset opened" && line.jobId === job.id);
    assert.deepEqual(
      opened.map(({ dataset, streamed }) => ({ dataset, streamed })),
      ["dataset.id", "validation.datasetId", "evaluation.datasetId"].map((dataset) => ({ dataset, streamed: true })),
    );
    const last = metrics.at(-1);
    assert.ok((last?.val_accuracy ?? 0) >= 0.9, JSON.stringify(last));
    // The same held-out samples, scored with the same final weights.
    assert.ok(Math.abs((job.testMetrics?.accuracy ?? -1) - (last?.val_accuracy ?? -2)) < 1e-6, JSON.stringify({ test: job.testMetrics, last }));
  });

  test("refuses at submit what cannot stream: cross-validation, and a text dataset over the limit", async () => {
    const cv = await stack.request().post("/v1/jobs").set("authorization", `Bearer ${key}`).send({
      model: { type: "cnn" },
      dataset: { id: images.id },
      crossValidation: { folds: 3 },
    });
    assert.equal(cv.status, 400, cv.text);
    assert.match((cv.body as ErrorResponse).message, /^body\.crossValidation: cross-validation trains on a dataset held in memory; dataset\.id is 2\.9 MiB, over MAX_IN_MEMORY_MB \(1\)/);

    const text = await uploadDataFile(stack, key, "jsonl", makeKeywordTextDataset({ count: 22_000, seed: 3 }));
    assert.equal(text.dtype, "text");
    assert.ok(text.sizeBytes > mebibyte, `the text dataset is ${text.sizeBytes} bytes`);
    const res = await stack.request().post("/v1/jobs").set("authorization", `Bearer ${key}`).send({
      model: { type: "rnn", vocabSize: 200, sequenceLength: 16, embeddingDim: 8, units: 8 },
      dataset: { id: text.id },
    });
    assert.equal(res.status, 400, res.text);
    const body = res.body as ErrorResponse;
    assert.match(body.message, /^body\.dataset\.id: text datasets are tokenized in memory; this one is [\d.]+ MiB, over MAX_IN_MEMORY_MB \(1\)$/);
  });
});
