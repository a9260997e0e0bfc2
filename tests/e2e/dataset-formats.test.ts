import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { DatasetView, ErrorResponse } from "@trainyard/contracts";
import { makeImageZip } from "../fixtures/images-zip.js";
import { makeNpyDataset } from "../fixtures/npy.js";
import { trainToEnd } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("more dataset formats: CSV options, NPY, a zip of images", () => {
  let stack: TestStack;
  let key: string;

  before(async () => {
    stack = await startTestStack({ worker: true });
    key = await stack.createTenantKey();
  });
  after(async () => {
    await stack.stop();
  });

  const post = () => stack.request().post("/v1/datasets").set("authorization", `Bearer ${key}`);

  test("CSV: chosen feature columns and label names mapped to ids", async () => {
    const csv = "id,height,weight,note,species\n1,1.5,10,x,setosa\n2,1.7,12,y,versicolor\n3,1.4,9,z,setosa\n";
    const res = await post().field("format", "csv").field("labelColumn", "species").field("featureColumns", "height, weight").attach("data", Buffer.from(csv), "iris.csv");
    assert.equal(res.status, 201, res.text);
    const dataset = res.body as DatasetView;
    assert.deepEqual(dataset.featureShape, [2]);
    assert.deepEqual(dataset.labelNames, ["setosa", "versicolor"]);
    assert.deepEqual(dataset.stats?.classCounts, [2, 1]);
    const bad = await post().field("format", "csv").field("labelColumn", "species").field("featureColumns", "height,nope").attach("data", Buffer.from(csv), "iris.csv");
    assert.equal(bad.status, 400, bad.text);
    assert.ok((bad.body as ErrorResponse).details?.some((d) => d.path === "body.featureColumns"), bad.text);
  });

  test("NPY: x and y files upload and train", async () => {
    const { x, y } = makeNpyDataset({ count: 120, features: 6, numClasses: 3, seed: 4 });
    const res = await post().field("format", "npy").attach("x", x, "x.npy").attach("y", y, "y.npy");
    assert.equal(res.status, 201, res.text);
    const dataset = res.body as DatasetView;
    assert.deepEqual(dataset.featureShape, [6]);
    const { job, metrics } = await trainToEnd(stack, key, {
      model: { type: "sequential", layers: [{ type: "dense", units: 16, activation: "relu" }, { type: "dense", units: 3, activation: "softmax" }] },
      dataset: { id: dataset.id, validationSplit: 0.2 },
      training: { epochs: 8, batchSize: 16, learningRate: 0.02, seed: 1 },
    });
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    assert.ok((metrics.at(-1)?.val_accuracy ?? 0) > 0.6, JSON.stringify(metrics.at(-1)));
    const broken = await post().field("format", "npy").attach("x", Buffer.from("not numpy"), "x.npy").attach("y", y, "y.npy");
    assert.equal(broken.status, 400, broken.text);
    assert.match((broken.body as ErrorResponse).message, /x/);
  });

  test("a zip of PNG and JPEG images, one folder per class, resized, trains the seed CNN", async () => {
    const zip = makeImageZip({ classes: ["circle", "square"], perClass: 40, size: 16, format: "mixed", seed: 2 });
    const res = await post().field("format", "images").field("imageSize", "12x12").field("channels", "1").attach("archive", zip, "shapes.zip");
    assert.equal(res.status, 201, res.text);
    const dataset = res.body as DatasetView;
    assert.deepEqual(dataset.featureShape, [12, 12]);
    assert.deepEqual(dataset.labelNames, ["circle", "square"]);
    assert.equal(dataset.count, 80);
    const { job, metrics } = await trainToEnd(stack, key, {
      model: { type: "cnn" },
      dataset: { id: dataset.id, validationSplit: 0.25, stratify: true },
      training: { epochs: 4, batchSize: 8, learningRate: 0.005, seed: 2 },
    });
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    assert.ok((metrics.at(-1)?.val_accuracy ?? 0) > 0.7, JSON.stringify(metrics.at(-1)));
    const notZip = await post().field("format", "images").attach("archive", Buffer.from("plain text"), "x.zip");
    assert.equal(notZip.status, 400, notZip.text);
  });
});

describe("upload size limit", () => {
  test("a file over MAX_UPLOAD_MB is refused with 413 and nothing is stored", async () => {
    const stack = await startTestStack({ worker: false, env: { MAX_UPLOAD_MB: "1" } });
    try {
      const key = await stack.createTenantKey();
      const big = Buffer.alloc(1024 * 1024 + 10, 0x31);
      const res = await stack.request().post("/v1/datasets").set("authorization", `Bearer ${key}`).field("format", "csv").attach("data", big, "big.csv");
      assert.equal(res.status, 413, res.text);
      const list = await stack.request().get("/v1/datasets").set("authorization", `Bearer ${key}`);
      assert.deepEqual((list.body as { items: unknown[] }).items, []);
    } finally {
      await stack.stop();
    }
  });
});
