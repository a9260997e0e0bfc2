import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import type { DatasetView, ErrorResponse, JobView } from "@trainyard/contracts";
import { makeCsvDataset } from "../fixtures/csv.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("Idempotency-Key on POST /v1/jobs and POST /v1/datasets", () => {
  let stack: TestStack;
  let key: string;
  let dataset: DatasetView;

  before(async () => {
    stack = await startTestStack({ worker: false });
    key = await stack.createTenantKey();
    const res = await uploadCsv(key, makeCsvDataset({ rows: 30, features: 4, numClasses: 3, header: true, seed: 1 }));
    assert.equal(res.status, 201, res.text);
    dataset = res.body as DatasetView;
  });
  after(async () => {
    await stack.stop();
  });

  const newKey = (): string => `retry-${randomBytes(8).toString("hex")}`;

  function submit(apiKey: string, body: object, idempotencyKey?: string) {
    const req = stack.request().post("/v1/jobs").set("authorization", `Bearer ${apiKey}`);
    if (idempotencyKey !== undefined) void req.set("idempotency-key", idempotencyKey);
    return req.send(body);
  }

  function uploadCsv(apiKey: string, csv: string, idempotencyKey?: string) {
    const req = stack.request().post("/v1/datasets").set("authorization", `Bearer ${apiKey}`);
    if (idempotencyKey !== undefined) void req.set("idempotency-key", idempotencyKey);
    return req.field("format", "csv").field("name", "sensors").attach("data", Buffer.from(csv), "rows.csv");
  }

  async function listJobIds(apiKey: string): Promise<string[]> {
    const res = await stack.request().get("/v1/jobs").set("authorization", `Bearer ${apiKey}`);
    assert.equal(res.status, 200, res.text);
    return (res.body as { items: JobView[] }).items.map((job) => job.id);
  }

  const spec = () => ({
    model: { type: "sequential", layers: [{ type: "dense", units: 8, activation: "relu" }, { type: "dense", units: 3, activation: "softmax" }] },
    dataset: { id: dataset.id },
    training: { epochs: 1, seed: 3 },
  });

  test("the same key and body twice give the first job again, replayed; one job is made", async () => {
    const apiKey = await stack.createTenantKey();
    const ownDataset = await uploadCsv(apiKey, makeCsvDataset({ rows: 30, features: 4, numClasses: 3, header: true, seed: 1 }));
    const body = { ...spec(), dataset: { id: (ownDataset.body as DatasetView).id } };
    const idempotencyKey = newKey();
    const first = await submit(apiKey, body, idempotencyKey);
    assert.equal(first.status, 201, first.text);
    assert.equal(first.headers["idempotent-replayed"], undefined);
    // The same body with its keys in another order is the same request.
    const reordered = { training: body.training, dataset: body.dataset, model: body.model };
    const second = await submit(apiKey, reordered, idempotencyKey);
    assert.equal(second.status, 201, second.text);
    assert.equal(second.headers["idempotent-replayed"], "true");
    assert.deepEqual(second.body, first.body);
    assert.deepEqual(await listJobIds(apiKey), [(first.body as JobView).id]);
  });

  test("the same key with a different body is a 422 naming the header", async () => {
    const idempotencyKey = newKey();
    const first = await submit(key, spec(), idempotencyKey);
    assert.equal(first.status, 201, first.text);
    const other = await submit(key, { ...spec(), training: { epochs: 2, seed: 3 } }, idempotencyKey);
    assert.equal(other.status, 422, other.text);
    assert.match((other.body as ErrorResponse).message, /idempotency-key.*different request body/i);
  });

  test("a key used on POST /v1/jobs is a 422 on POST /v1/datasets", async () => {
    const idempotencyKey = newKey();
    assert.equal((await submit(key, spec(), idempotencyKey)).status, 201);
    const upload = await uploadCsv(key, makeCsvDataset({ rows: 20, features: 4, numClasses: 2, header: true, seed: 5 }), idempotencyKey);
    assert.equal(upload.status, 422, upload.text);
    assert.match((upload.body as ErrorResponse).message, /POST \/v1\/jobs/);
  });

  test("without the header the same body makes two jobs", async () => {
    const first = await submit(key, spec());
    const second = await submit(key, spec());
    assert.equal(first.status, 201, first.text);
    assert.equal(second.status, 201, second.text);
    assert.notEqual((first.body as JobView).id, (second.body as JobView).id);
  });

  test("concurrent requests with one key make one job; the others get it replayed or a 409", async () => {
    const apiKey = await stack.createTenantKey();
    const ownDataset = await uploadCsv(apiKey, makeCsvDataset({ rows: 30, features: 4, numClasses: 3, header: true, seed: 1 }));
    const body = { ...spec(), dataset: { id: (ownDataset.body as DatasetView).id } };
    const idempotencyKey = newKey();
    const answers = await Promise.all(Array.from({ length: 4 }, () => submit(apiKey, body, idempotencyKey)));
    const created = answers.filter((res) => res.status === 201 && res.headers["idempotent-replayed"] === undefined);
    assert.equal(created.length, 1, answers.map((res) => `${res.status} ${res.text}`).join("\n"));
    for (const res of answers) {
      if (res.status === 201) assert.equal((res.body as JobView).id, (created[0]?.body as JobView).id);
      else {
        assert.equal(res.status, 409, res.text);
        assert.match((res.body as ErrorResponse).message, /in progress/);
      }
    }
    assert.equal((await listJobIds(apiKey)).length, 1);
  });

  test("a dataset uploaded twice with a key gives the same dataset and the first answer, 201, replayed", async () => {
    const csv = makeCsvDataset({ rows: 25, features: 3, numClasses: 2, header: true, seed: 42 });
    const idempotencyKey = newKey();
    const first = await uploadCsv(key, csv, idempotencyKey);
    assert.equal(first.status, 201, first.text);
    const again = await uploadCsv(key, csv, idempotencyKey);
    assert.equal(again.status, 201, again.text);
    assert.equal(again.headers["idempotent-replayed"], "true");
    assert.deepEqual(again.body, first.body);
    // Without the key, content addressing answers the same bytes with 200.
    const plain = await uploadCsv(key, csv);
    assert.equal(plain.status, 200, plain.text);
    assert.equal((plain.body as DatasetView).id, (first.body as DatasetView).id);
    const otherBytes = await uploadCsv(key, makeCsvDataset({ rows: 25, features: 3, numClasses: 2, header: true, seed: 43 }), idempotencyKey);
    assert.equal(otherBytes.status, 422, otherBytes.text);
  });

  test("the same key from another tenant is its own key", async () => {
    const idempotencyKey = newKey();
    assert.equal((await submit(key, spec(), idempotencyKey)).status, 201);
    const otherKey = await stack.createTenantKey();
    const otherDataset = await uploadCsv(otherKey, makeCsvDataset({ rows: 30, features: 4, numClasses: 3, header: true, seed: 1 }));
    const other = await submit(otherKey, { ...spec(), dataset: { id: (otherDataset.body as DatasetView).id }, training: { epochs: 2 } }, idempotencyKey);
    assert.equal(other.status, 201, other.text);
    assert.equal(other.headers["idempotent-replayed"], undefined);
  });

  test("a 400 does not use up the key: the corrected request with the same key runs", async () => {
    const idempotencyKey = newKey();
    const missing = await submit(key, { ...spec(), dataset: { id: randomUUID() } }, idempotencyKey);
    assert.equal(missing.status, 400, missing.text);
    const fixed = await submit(key, spec(), idempotencyKey);
    assert.equal(fixed.status, 201, fixed.text);
    assert.equal(fixed.headers["idempotent-replayed"], undefined);
  });

  test("a key that is too long or not printable ASCII is a 400 naming the header", async () => {
    for (const bad of ["k".repeat(256), "tab\there"]) {
      const res = await submit(key, spec(), bad);
      assert.equal(res.status, 400, res.text);
      assert.match((res.body as ErrorResponse).message, /headers\.idempotency-key/);
    }
    assert.equal((await submit(key, spec(), "k".repeat(255))).status, 201);
  });
});
