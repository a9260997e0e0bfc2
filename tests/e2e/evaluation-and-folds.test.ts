import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { DatasetView, ErrorResponse, JobView } from "@trainyard/contracts";
import { makeCsvDataset } from "../fixtures/csv.js";
import { makeTokenDataset } from "../fixtures/jsonl.js";
import { trainToEnd, uploadDataFile } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("validation and evaluation datasets, and k-fold cross-validation", () => {
  let stack: TestStack;
  let key: string;
  let train: DatasetView;
  let heldOut: DatasetView;
  const model = { type: "sequential", layers: [{ type: "dense", units: 16, activation: "relu" }, { type: "dense", units: 3, activation: "softmax" }] };

  before(async () => {
    stack = await startTestStack({ worker: true });
    key = await stack.createTenantKey();
    train = await uploadDataFile(stack, key, "csv", makeCsvDataset({ rows: 120, features: 6, numClasses: 3, header: true, seed: 11 }));
    heldOut = await uploadDataFile(stack, key, "csv", makeCsvDataset({ rows: 60, features: 6, numClasses: 3, header: true, seed: 12 }));
  });
  after(async () => {
    await stack.stop();
  });

  test("validates on another dataset and stores the final model's test metrics", async () => {
    const { job, metrics } = await trainToEnd(stack, key, {
      model,
      dataset: { id: train.id },
      validation: { datasetId: heldOut.id },
      evaluation: { datasetId: heldOut.id },
      training: { epochs: 6, batchSize: 16, learningRate: 0.02, seed: 1 },
    });
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    assert.equal(typeof metrics.at(-1)?.val_loss, "number");
    const test = job.testMetrics;
    assert.ok(test !== null && typeof test.loss === "number" && typeof test.accuracy === "number", JSON.stringify(job));
    // Validation and evaluation ran on the same held-out rows with the same final weights.
    assert.ok(Math.abs((test.accuracy ?? 0) - (metrics.at(-1)?.val_accuracy ?? -1)) < 1e-6, JSON.stringify({ test, last: metrics.at(-1) }));
  });

  test("k folds give k rows with mean and standard deviation, then a model trained on all the data", async () => {
    const { job, metrics } = await trainToEnd(stack, key, {
      model,
      dataset: { id: train.id },
      crossValidation: { folds: 3 },
      training: { epochs: 3, batchSize: 16, learningRate: 0.02, seed: 2 },
    });
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    const cv = job.crossValidation;
    assert.ok(cv !== null);
    assert.deepEqual(cv.folds.map((f) => f.fold), [1, 2, 3]);
    for (const fold of cv.folds) assert.equal(typeof fold.metrics.val_accuracy, "number");
    const accuracies = cv.folds.map((f) => f.metrics.val_accuracy ?? 0);
    const mean = accuracies.reduce((a, b) => a + b, 0) / 3;
    assert.ok(Math.abs((cv.mean.val_accuracy ?? -1) - mean) < 1e-9);
    assert.ok((cv.std.val_accuracy ?? -1) >= 0);
    assert.equal(cv.select, "all");
    assert.equal(metrics.length, 3, "the final model's epochs are recorded");
    assert.equal(metrics[0]?.val_loss, undefined, "the final model trains on all the data");
  });

  test("select best keeps the fold with the lowest val_loss as the model", async () => {
    const { job, metrics } = await trainToEnd(stack, key, {
      model,
      dataset: { id: train.id },
      crossValidation: { folds: 2, select: "best" },
      training: { epochs: 2, batchSize: 16, learningRate: 0.02, seed: 3 },
    });
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    const cv = job.crossValidation;
    assert.ok(cv !== null && cv.selectedFold !== null);
    const losses = cv.folds.map((f) => f.metrics.val_loss ?? Infinity);
    assert.equal(cv.selectedFold, losses.indexOf(Math.min(...losses)) + 1);
    assert.equal(metrics.at(-1)?.val_loss, cv.folds[cv.selectedFold - 1]?.metrics.val_loss);
  });

  test("refuses token ids beyond the model's vocabulary at submit, naming vocabSize", async () => {
    const tokens = await uploadDataFile(stack, key, "jsonl", makeTokenDataset({ count: 40, vocabSize: 50, seed: 1 }));
    const res = await stack
      .request()
      .post("/v1/jobs")
      .set("authorization", `Bearer ${key}`)
      .send({ model: { type: "rnn", vocabSize: 10 }, dataset: { id: tokens.id } });
    assert.equal(res.status, 400, res.text);
    assert.ok((res.body as ErrorResponse).details?.some((d) => d.path === "body.model.vocabSize"), res.text);
    const list = await stack.request().get("/v1/jobs?status=QUEUED").set("authorization", `Bearer ${key}`);
    assert.ok(!(list.body as { items: JobView[] }).items.some((j) => j.datasetId === tokens.id));
  });

  test("refuses a validation dataset of another shape, and folds with a validation dataset", async () => {
    const other = await uploadDataFile(stack, key, "csv", makeCsvDataset({ rows: 20, features: 4, numClasses: 3, header: true, seed: 13 }));
    const submit = (body: object) => stack.request().post("/v1/jobs").set("authorization", `Bearer ${key}`).send(body);
    const shape = await submit({ model, dataset: { id: train.id }, validation: { datasetId: other.id } });
    assert.equal(shape.status, 400, shape.text);
    assert.ok((shape.body as ErrorResponse).details?.some((d) => d.path === "body.validation.datasetId"), shape.text);
    const both = await submit({ model, dataset: { id: train.id }, validation: { datasetId: heldOut.id }, crossValidation: { folds: 2 } });
    assert.equal(both.status, 400, both.text);
  });
});
