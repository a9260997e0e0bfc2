import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import * as tf from "@tensorflow/tfjs";
import type { DatasetView, JobView } from "@trainyard/contracts";
import { makeIdxDataset } from "../fixtures/idx.js";
import { makeCsvDataset } from "../fixtures/csv.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

const nativeAddonBuilt = existsSync(new URL("../../packages/native-backend/build/Release/trainyard_native.node", import.meta.url));

describe("the walking skeleton: upload, train, download", () => {
  let stack: TestStack;
  let key: string;

  before(async () => {
    stack = await startTestStack({ worker: true });
    key = await stack.createTenantKey("acme");
  });
  after(async () => {
    await stack.stop();
  });

  const auth = () => ({ authorization: `Bearer ${key}` });

  test("answers health, readiness and the OpenAPI document", async () => {
    assert.equal((await stack.request().get("/healthz")).status, 200);
    const ready = await stack.request().get("/readyz");
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { status: "ready", postgres: true, redis: true });
    const doc = await stack.request().get("/docs/json");
    assert.equal(doc.status, 200);
    const paths = Object.keys((doc.body as { paths: Record<string, unknown> }).paths);
    for (const path of ["/v1/jobs/", "/v1/jobs/{id}", "/v1/jobs/{id}/cancel", "/v1/datasets/", "/v1/admin/api-keys", "/v1/jobs/{id}/model.tar.gz"]) {
      assert.ok(paths.includes(path), `${path} in ${paths.join(", ")}`);
    }
  });

  test("trains the seed CNN on an uploaded IDX dataset and serves a model tfjs can load", async () => {
    const fixture = makeIdxDataset({ count: 240, height: 12, width: 12, numClasses: 4, gzip: true, seed: 7 });
    const upload = await stack
      .request()
      .post("/v1/datasets")
      .set(auth())
      .field("format", "idx")
      .field("name", "blobs")
      .attach("images", fixture.images, "images.idx.gz")
      .attach("labels", fixture.labels, "labels.idx.gz");
    assert.equal(upload.status, 201, upload.text);
    const dataset = upload.body as DatasetView;
    assert.equal(dataset.count, 240);
    assert.deepEqual(dataset.featureShape, [12, 12]);
    assert.equal(dataset.numClasses, 4);
    assert.match(dataset.sha256, /^[0-9a-f]{64}$/);
    assert.equal((await stack.request().get(`/v1/datasets/${dataset.id}`).set(auth())).status, 200);
    const list = await stack.request().get("/v1/datasets").set(auth());
    assert.deepEqual((list.body as { items: DatasetView[] }).items.map((d) => d.id), [dataset.id]);

    const tensorsBefore = tf.memory().numTensors;
    const submit = await stack
      .request()
      .post("/v1/jobs")
      .set(auth())
      .send({
        model: { type: "cnn" },
        dataset: { id: dataset.id, validationSplit: 0.1 },
        training: { epochs: 2, batchSize: 32, optimizer: "adam", learningRate: 0.01, seed: 1 },
      });
    assert.equal(submit.status, 201, submit.text);
    const submitted = submit.body as JobView;
    assert.equal(submitted.status, "QUEUED");
    assert.equal(submitted.spec.training.seed, 1);

    const done = await stack.waitForJob(key, submitted.id, (job) => ["SUCCEEDED", "FAILED", "CANCELLED"].includes(job.status), 120_000);
    assert.equal(done.status, "SUCCEEDED", done.statusReason ?? "");
    // The native backend where its addon was built (CI installs oneDNN for it), else wasm.
    assert.equal(done.backend, nativeAddonBuilt ? "native" : "wasm");
    assert.deepEqual(done.progress, { epoch: 2, epochs: 2, batch: 7, batches: 7 });
    assert.ok(done.startedAt !== null && done.finishedAt !== null);
    assert.equal(done.modelUrl, `/v1/jobs/${done.id}/model/model.json`);
    assert.equal(tf.memory().numTensors, tensorsBefore, "the worker left tensors behind");

    const metrics = await stack.request().get(`/v1/jobs/${done.id}/metrics`).set(auth());
    assert.equal(metrics.status, 200);
    const rows = (metrics.body as { items: { epoch: number; values: Record<string, number> }[] }).items;
    assert.deepEqual(rows.map((r) => r.epoch), [1, 2]);
    for (const row of rows) {
      for (const name of ["loss", "accuracy", "val_loss", "val_accuracy"]) assert.equal(typeof row.values[name], "number", name);
    }
    {
      // The CNN separates the generated shapes: 4 classes, so chance is 0.25.
      const last = rows[1]?.values ?? {};
      assert.ok((last.val_accuracy ?? 0) >= 0.8, JSON.stringify(last));
    }
    assert.deepEqual(done.metrics, rows[1]?.values);

    const model = await tf.loadLayersModel(`${stack.baseUrl}/v1/jobs/${done.id}/model/model.json`, { requestInit: { headers: auth() } });
    const prediction = tf.tidy(() => model.predict(tf.zeros([3, 12, 12, 1])) as tf.Tensor);
    assert.deepEqual(prediction.shape, [3, 4]);
    prediction.dispose();
    model.dispose();

    const archive = await fetch(`${stack.baseUrl}/v1/jobs/${done.id}/model.tar.gz`, { headers: auth() });
    assert.equal(archive.status, 200);
    assert.equal(archive.headers.get("content-type"), "application/gzip");
    const names = tarEntryNames(gunzipSync(Buffer.from(await archive.arrayBuffer())));
    assert.deepEqual(names.sort(), ["model.json", "weights.bin"]);

    const jobs = await stack.request().get("/v1/jobs?status=SUCCEEDED&limit=10").set(auth());
    assert.deepEqual((jobs.body as { items: JobView[] }).items.map((j) => j.id), [done.id]);
  });

  test("trains on an uploaded CSV dataset", async () => {
    const csv = makeCsvDataset({ rows: 200, features: 8, numClasses: 3, header: true, seed: 3 });
    const upload = await stack
      .request()
      .post("/v1/datasets")
      .set(auth())
      .field("format", "csv")
      .field("labelColumn", "label")
      .attach("data", Buffer.from(csv), "rows.csv");
    assert.equal(upload.status, 201, upload.text);
    const dataset = upload.body as DatasetView;
    assert.deepEqual(dataset.featureShape, [8]);
    assert.equal(dataset.numClasses, 3);

    const submit = await stack
      .request()
      .post("/v1/jobs")
      .set(auth())
      .send({ model: { type: "cnn" }, dataset: { id: dataset.id }, training: { epochs: 2, batchSize: 16 } });
    assert.equal(submit.status, 201, submit.text);
    const done = await stack.waitForJob(key, (submit.body as JobView).id, (job) => job.finishedAt !== null, 120_000);
    assert.equal(done.status, "SUCCEEDED", done.statusReason ?? "");
  });
});

/** Names of the entries of a POSIX tar archive. */
function tarEntryNames(tar: Buffer): string[] {
  const names: string[] = [];
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    const name = header.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
    if (name.length === 0) break;
    const size = parseInt(header.subarray(124, 136).toString("utf8").replace(/\0.*$/s, "").trim(), 8);
    names.push(name);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}
