import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import type { DatasetView, ErrorResponse, JobView } from "@trainyard/contracts";
import { makeIdxDataset } from "../fixtures/idx.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("request validation and tenant isolation", () => {
  let stack: TestStack;
  let key: string;
  let otherKey: string;
  let dataset: DatasetView;

  before(async () => {
    stack = await startTestStack({ worker: false });
    key = await stack.createTenantKey("acme");
    otherKey = await stack.createTenantKey("globex");
    const fixture = makeIdxDataset({ count: 40, height: 8, width: 8, numClasses: 3, seed: 1 });
    const res = await uploadIdx(fixture.images, fixture.labels, key);
    assert.equal(res.status, 201, res.text);
    dataset = res.body as DatasetView;
  });
  after(async () => {
    await stack.stop();
  });

  function uploadIdx(images: Buffer, labels: Buffer, apiKey: string) {
    return stack
      .request()
      .post("/v1/datasets")
      .set("authorization", `Bearer ${apiKey}`)
      .field("format", "idx")
      .attach("images", images, "images.idx")
      .attach("labels", labels, "labels.idx");
  }

  function submit(body: unknown, apiKey = key) {
    return stack.request().post("/v1/jobs").set("authorization", `Bearer ${apiKey}`).send(body as object);
  }

  function assertFieldError(res: { status: number; body: unknown; text: string }, path: string, pattern: RegExp): void {
    assert.equal(res.status, 400, res.text);
    const error = res.body as ErrorResponse;
    const detail = error.details?.find((d) => d.path === path);
    assert.ok(detail, `no detail for ${path} in ${res.text}`);
    assert.match(detail.message, pattern);
    assert.ok(error.message.includes(path), error.message);
  }

  test("rejects an unknown model type, naming model.type", async () => {
    const res = await submit({ model: { type: "transformer" }, dataset: { id: dataset.id } });
    assertFieldError(res, "body.model.type", /cnn/);
  });

  test("rejects negative epochs, naming training.epochs", async () => {
    const res = await submit({ model: { type: "cnn" }, dataset: { id: dataset.id }, training: { epochs: -1 } });
    assertFieldError(res, "body.training.epochs", />=\s*1/);
  });

  test("names query fields as query.<name>", async () => {
    const res = await stack.request().get("/v1/jobs?limit=0").set("authorization", `Bearer ${key}`);
    assertFieldError(res, "query.limit", />=\s*1|too small/i);
  });

  test("rejects a dataset id that does not exist, naming dataset.id", async () => {
    const res = await submit({ model: { type: "cnn" }, dataset: { id: randomUUID() } });
    assertFieldError(res, "body.dataset.id", /not found/);
  });

  test("rejects another tenant's dataset as not found", async () => {
    const res = await submit({ model: { type: "cnn" }, dataset: { id: dataset.id } }, otherKey);
    assertFieldError(res, "body.dataset.id", /not found/);
  });

  test("rejects an IDX images file with a wrong magic number, saying where", async () => {
    const fixture = makeIdxDataset({ count: 10, seed: 2 });
    const images = Buffer.from(fixture.images);
    images.writeUInt32BE(0x00000999, 0);
    const res = await uploadIdx(images, fixture.labels, key);
    assert.equal(res.status, 400, res.text);
    const message = (res.body as ErrorResponse).message;
    assert.match(message, /magic/i);
    assert.match(message, /byte offset 0/);
    assert.match(message, /images/);
  });

  test("rejects IDX images and labels of different counts, giving both counts", async () => {
    const a = makeIdxDataset({ count: 10, seed: 3 });
    const b = makeIdxDataset({ count: 12, seed: 3 });
    const res = await uploadIdx(a.images, b.labels, key);
    assert.equal(res.status, 400, res.text);
    const message = (res.body as ErrorResponse).message;
    assert.match(message, /10 images, 12 labels/);
    assert.match(message, /file labels, byte offset 4/);
  });

  test("stores nothing when an upload is rejected", async () => {
    const list = await stack.request().get("/v1/datasets").set("authorization", `Bearer ${key}`);
    assert.deepEqual((list.body as { items: DatasetView[] }).items.map((d) => d.id), [dataset.id]);
    const objects = (await readdir(stack.storageDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    assert.deepEqual(objects.map((entry) => entry.name).sort(), ["x.bin", "y.bin"]);
  });

  test("answers 401 without a key or with an unknown key", async () => {
    assert.equal((await stack.request().get("/v1/jobs")).status, 401);
    assert.equal((await stack.request().get("/v1/datasets").set("authorization", "Bearer ty_nope")).status, 401);
    const admin = await stack.request().post("/v1/admin/api-keys").set("authorization", `Bearer ${key}`).send({ tenant: "x" });
    assert.equal(admin.status, 401);
  });

  test("answers 404 for another tenant's job and dataset", async () => {
    const created = await submit({ model: { type: "cnn" }, dataset: { id: dataset.id } });
    assert.equal(created.status, 201, created.text);
    const job = created.body as JobView;
    assert.ok(Number.isInteger(job.spec.training.seed), "a seed is drawn and recorded when none is given");
    const other = `Bearer ${otherKey}`;
    assert.equal((await stack.request().get(`/v1/jobs/${job.id}`).set("authorization", other)).status, 404);
    assert.equal((await stack.request().get(`/v1/jobs/${job.id}/metrics`).set("authorization", other)).status, 404);
    assert.equal((await stack.request().post(`/v1/jobs/${job.id}/cancel`).set("authorization", other)).status, 404);
    for (const path of ["model", "model/model.json", "model/weights.bin", "model.tar.gz"]) {
      assert.equal((await stack.request().get(`/v1/jobs/${job.id}/${path}`).set("authorization", other)).status, 404, path);
    }
    assert.equal((await stack.request().get(`/v1/datasets/${dataset.id}`).set("authorization", other)).status, 404);
    const otherJobs = await stack.request().get("/v1/jobs").set("authorization", other);
    assert.deepEqual((otherJobs.body as { items: JobView[] }).items, []);
    const otherDatasets = await stack.request().get("/v1/datasets").set("authorization", other);
    assert.deepEqual((otherDatasets.body as { items: DatasetView[] }).items, []);
  });

  test("pages through jobs newest first with a cursor", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await submit({ model: { type: "cnn" }, dataset: { id: dataset.id } });
      ids.push((res.body as JobView).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/jobs?limit=2${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`;
      const page = await stack.request().get(url).set("authorization", `Bearer ${key}`);
      assert.equal(page.status, 200, page.text);
      const body = page.body as { items: JobView[]; nextCursor: string | null };
      seen.push(...body.items.map((j) => j.id));
      cursor = body.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(seen.slice(0, 3), [...ids].reverse());
    const bad = await stack.request().get("/v1/jobs?cursor=%%%").set("authorization", `Bearer ${key}`);
    assert.equal(bad.status, 400);
  });

  test("rejects a dataset too small for the model, naming dataset.id", async () => {
    const tiny = await stack
      .request()
      .post("/v1/datasets")
      .set("authorization", `Bearer ${key}`)
      .field("format", "csv")
      .attach("data", Buffer.from("a,b,label\n1,2,0\n3,4,1\n"), "tiny.csv");
    assert.equal(tiny.status, 201, tiny.text);
    const res = await submit({ model: { type: "cnn" }, dataset: { id: (tiny.body as DatasetView).id } });
    assertFieldError(res, "body.dataset.id", /too small/);
  });
});
