import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { DatasetView, JobView } from "@trainyard/contracts";
import { makeCsvDataset } from "../fixtures/csv.js";
import { makeIdxDataset } from "../fixtures/idx.js";
import { makeKeywordTextDataset } from "../fixtures/jsonl.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("datasets are content-addressed, versioned by name, and show statistics and a preview", () => {
  let stack: TestStack;
  let key: string;

  before(async () => {
    stack = await startTestStack({ worker: false });
    key = await stack.createTenantKey();
  });
  after(async () => {
    await stack.stop();
  });

  const upload = (name: string, csv: string) =>
    stack.request().post("/v1/datasets").set("authorization", `Bearer ${key}`).field("format", "csv").field("name", name).attach("data", Buffer.from(csv), "rows.csv");

  test("the same bytes again give the same dataset with 200; new bytes under a name are its next version", async () => {
    const csv = makeCsvDataset({ rows: 30, features: 4, numClasses: 3, header: true, seed: 1 });
    const first = await upload("sensors", csv);
    assert.equal(first.status, 201, first.text);
    const again = await upload("sensors", csv);
    assert.equal(again.status, 200, again.text);
    assert.equal((again.body as DatasetView).id, (first.body as DatasetView).id);
    const second = await upload("sensors", makeCsvDataset({ rows: 30, features: 4, numClasses: 3, header: true, seed: 2 }));
    assert.equal(second.status, 201, second.text);
    assert.equal((first.body as DatasetView).version, 1);
    assert.equal((second.body as DatasetView).version, 2);
    assert.notEqual((second.body as DatasetView).sha256, (first.body as DatasetView).sha256);
    const other = await stack.createTenantKey();
    const elsewhere = await stack.request().post("/v1/datasets").set("authorization", `Bearer ${other}`).field("format", "csv").attach("data", Buffer.from(csv), "rows.csv");
    assert.equal(elsewhere.status, 201, "another tenant's identical upload is its own dataset");

    const job = await stack.request().post("/v1/jobs").set("authorization", `Bearer ${key}`).send({ model: { type: "cnn" }, dataset: { id: (second.body as DatasetView).id } });
    assert.equal(job.status, 201, job.text);
    assert.equal((job.body as JobView).datasetSha256, (second.body as DatasetView).sha256, "the job records the exact version");
  });

  test("concurrent uploads of the same bytes make one dataset; of one name, distinct versions", async () => {
    const csv = makeCsvDataset({ rows: 20, features: 3, numClasses: 2, header: true, seed: 9 });
    const same = await Promise.all([upload("race", csv), upload("race", csv), upload("race", csv)]);
    assert.equal(new Set(same.map((r) => (r.body as DatasetView).id)).size, 1, same.map((r) => r.text).join("\n"));
    assert.deepEqual(same.map((r) => r.status).sort(), [200, 200, 201]);
    const versions = await Promise.all([10, 11, 12].map((seed) => upload("race-versions", makeCsvDataset({ rows: 20, features: 3, numClasses: 2, header: true, seed }))));
    assert.deepEqual(versions.map((r) => (r.body as DatasetView).version).sort(), [1, 2, 3], versions.map((r) => r.text).join("\n"));
  });

  test("refuses labels beyond 10,000 classes instead of allocating for them", async () => {
    const res = await upload("huge-label", "a,label\n1,0\n2,2147483646\n");
    assert.equal(res.status, 400, res.text);
    assert.match(res.text, /10000 classes/);
  });

  test("shows class counts and feature statistics", async () => {
    const res = await upload("stats", "a,b,label\n1,-2,0\n3,4,1\n0.5,0.5,1\n");
    const stats = (res.body as DatasetView).stats;
    assert.deepEqual(stats, { classCounts: [1, 2], featureMin: -2, featureMax: 4, featureMean: 7 / 6, wordsPerText: null });
  });

  test("previews images as PNG data URLs, rows as numbers and text as text", async () => {
    const idx = makeIdxDataset({ count: 12, height: 8, width: 8, numClasses: 2, seed: 3 });
    const images = await stack.request().post("/v1/datasets").set("authorization", `Bearer ${key}`).field("format", "idx").attach("images", idx.images, "i.idx").attach("labels", idx.labels, "l.idx");
    const preview = await stack.request().get(`/v1/datasets/${(images.body as DatasetView).id}/preview?limit=3`).set("authorization", `Bearer ${key}`);
    assert.equal(preview.status, 200, preview.text);
    const items = (preview.body as { items: { index: number; label: number; image?: string }[] }).items;
    assert.deepEqual(items.map((i) => [i.index, i.label]), [0, 1, 2].map((i) => [i, idx.labelsArray[i]]));
    const png = Buffer.from((items[0]?.image ?? "").replace("data:image/png;base64,", ""), "base64");
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);

    const text = await stack.request().post("/v1/datasets").set("authorization", `Bearer ${key}`).field("format", "jsonl").attach("data", Buffer.from(makeKeywordTextDataset({ count: 6, seed: 1 })), "t.jsonl");
    const textPreview = await stack.request().get(`/v1/datasets/${(text.body as DatasetView).id}/preview?limit=2`).set("authorization", `Bearer ${key}`);
    assert.equal(typeof (textPreview.body as { items: { text?: string }[] }).items[0]?.text, "string");
    const rows = await upload("preview-rows", "a,b,label\n1,2,0\n3,4,1\n");
    const rowsPreview = await stack.request().get(`/v1/datasets/${(rows.body as DatasetView).id}/preview`).set("authorization", `Bearer ${key}`);
    assert.deepEqual((rowsPreview.body as { items: { features?: number[] }[] }).items.map((i) => i.features), [[1, 2], [3, 4]]);
  });
});
