import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { DatasetView, ErrorResponse } from "@trainyard/contracts";
import { makeIdxDataset } from "../fixtures/idx.js";
import { makeKeywordTextDataset } from "../fixtures/jsonl.js";
import { uploadDataFile, uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

interface Plan {
  inputShape: number[];
  layers: { name: string; className: string; outputShape: (number | null)[]; params: number }[];
  totalParams: number;
  loss: string;
}

describe("POST /v1/jobs/validate and the example specs", () => {
  let stack: TestStack;
  let key: string;
  let images: DatasetView;
  let text: DatasetView;

  before(async () => {
    stack = await startTestStack({ worker: false });
    key = await stack.createTenantKey();
    images = await uploadIdx(stack, key, makeIdxDataset({ count: 40, height: 28, width: 28, numClasses: 10, seed: 1 }));
    text = await uploadDataFile(stack, key, "jsonl", makeKeywordTextDataset({ count: 40, seed: 1 }));
  });
  after(async () => {
    await stack.stop();
  });

  const validate = (body: unknown) => stack.request().post("/v1/jobs/validate").set("authorization", `Bearer ${key}`).send(body as object);

  function assertRefused(res: { status: number; body: unknown; text: string }, pathPrefix: string, pattern: RegExp): void {
    assert.equal(res.status, 400, res.text);
    const details = (res.body as ErrorResponse).details ?? [];
    const detail = details.find((d) => d.path.startsWith(pathPrefix));
    assert.ok(detail, `no detail under ${pathPrefix} in ${res.text}`);
    assert.match(detail.message, pattern);
  }

  test("resolves the seed CNN on 28x28 images: layers, output shapes and parameter counts", async () => {
    const res = await validate({ model: { type: "cnn" }, dataset: { id: images.id } });
    assert.equal(res.status, 200, res.text);
    const plan = (res.body as { model: Plan }).model;
    assert.deepEqual(plan.inputShape, [28, 28, 1]);
    assert.deepEqual(plan.layers.map((l) => l.className), ["Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dense"]);
    assert.deepEqual(plan.layers.map((l) => l.outputShape), [[null, 26, 26, 32], [null, 13, 13, 32], [null, 5408], [null, 64], [null, 10]]);
    assert.equal(plan.totalParams, 320 + 5408 * 64 + 64 + 64 * 10 + 10);
    assert.equal(plan.loss, "sparseCategoricalCrossentropy");
    const jobs = await stack.request().get("/v1/jobs").set("authorization", `Bearer ${key}`);
    assert.deepEqual((jobs.body as { items: unknown[] }).items, [], "a dry run queues nothing");
  });

  test("refuses a kernel larger than its input, naming the layer", async () => {
    const res = await validate({ model: { type: "cnn", conv: [{ filters: 4, kernelSize: 3 }, { filters: 4, kernelSize: 15 }] }, dataset: { id: images.id } });
    assertRefused(res, "body.model.conv.1", /kernel|larger|small/i);
  });

  test("refuses a model over the parameter limit without building it", async () => {
    const res = await validate({ model: { type: "cnn", conv: [{ filters: 1024, kernelSize: 3 }], pool: false, dense: [8192] }, dataset: { id: images.id } });
    assertRefused(res, "body.model", /param/i);
  });

  test("refuses a custom layer list whose output does not match the classes", async () => {
    const res = await validate({ model: { type: "sequential", layers: [{ type: "flatten" }, { type: "dense", units: 3, activation: "softmax" }] }, dataset: { id: images.id } });
    assertRefused(res, "body.model.layers", /10|class/i);
  });

  test("refuses a Keras model with an unsupported layer, naming it", async () => {
    const config = {
      class_name: "Sequential",
      config: {
        name: "s",
        layers: [
          { class_name: "Flatten", config: { name: "f", batch_input_shape: [null, 28, 28, 1] } },
          { class_name: "TimeDistributedMagic", config: { name: "m" } },
          { class_name: "Dense", config: { name: "d", units: 10, activation: "softmax" } },
        ],
      },
    };
    const res = await validate({ model: { type: "keras", config }, dataset: { id: images.id } });
    assertRefused(res, "body.model", /TimeDistributedMagic/);
  });

  test("refuses training options a GAN does not apply, and raw text for anything but an RNN", async () => {
    assertRefused(await validate({ model: { type: "gan" }, dataset: { id: images.id }, training: { earlyStopping: { monitor: "d_loss" } } }), "body.training.earlyStopping", /gan/);
    assertRefused(await validate({ model: { type: "cnn" }, dataset: { id: text.id } }), "body.model.type", /rnn/);
    assertRefused(await validate({ model: { type: "cnn" }, dataset: { id: images.id, validationSplit: 0 }, training: { earlyStopping: { monitor: "val_loss" } } }), "body.training.earlyStopping.monitor", /valid/i);
  });

  test("refuses a Keras JSON nested too deep, a loss that does not suit the output, and a stratified GAN", async () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 200; i++) deep = { nested: deep };
    const config = { class_name: "Sequential", config: { layers: [{ class_name: "Dense", config: { units: 10, extra: deep } }] } };
    assertRefused(await validate({ model: { type: "keras", config }, dataset: { id: images.id } }), "body.model.config", /deeper/);
    assertRefused(
      await validate({ model: { type: "rnn", vocabSize: 50, sequenceLength: 8 }, dataset: { id: text.id }, training: { loss: "sparseCategoricalCrossentropy" } }),
      "body.training.loss",
      /unit|binary/i,
    );
    assertRefused(await validate({ model: { type: "gan" }, dataset: { id: images.id, stratify: true } }), "body.dataset.stratify", /gan/);
  });

  for (const [file, dataset] of [["cnn.json", "images"], ["rnn.json", "text"], ["gan.json", "images"], ["sequential.json", "images"]] as const) {
    test(`examples/${file} is a valid job spec`, async () => {
      const raw = await readFile(new URL(`../../examples/${file}`, import.meta.url), "utf8");
      const id = dataset === "images" ? images.id : text.id;
      const res = await validate(JSON.parse(raw.replace("DATASET_ID", id)));
      assert.equal(res.status, 200, res.text);
    });
  }
});
