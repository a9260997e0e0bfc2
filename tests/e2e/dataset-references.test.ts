import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { pino } from "pino";
import { createDatabase } from "@trainyard/db";
import { createDatasetSourceReader, createObjectStore } from "@trainyard/storage";
import { resumePendingDatasets } from "../../apps/api/src/services/dataset-references.js";
import { hashApiKey } from "../../apps/api/src/services/api-keys.js";
import type { DatasetView, ErrorResponse } from "@trainyard/contracts";
import { startS3TestServer, type S3TestServer } from "../../packages/storage/src/testing/start-s3-test-server.js";
import { makeCsvDataset } from "../fixtures/csv.js";
import { makeIdxDataset } from "../fixtures/idx.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("datasets given by URI: checked at once, read in the background", () => {
  let root: string;
  let outside: string;
  let s3: S3TestServer;
  let stack: TestStack;
  let key: string;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "trainyard-datasets-root-"));
    outside = await mkdtemp(join(tmpdir(), "trainyard-outside-"));
    await mkdir(join(root, "mnist"));
    const idx = makeIdxDataset({ count: 30, seed: 3 });
    await writeFile(join(root, "mnist", "images.idx"), idx.images);
    await writeFile(join(root, "mnist", "labels.idx"), idx.labels);
    await writeFile(join(root, "rows.csv"), makeCsvDataset({ rows: 20, features: 3, numClasses: 2, header: true, seed: 1 }));
    await writeFile(join(root, "broken.csv"), "a,label\n1,0\nx,1\n");
    await writeFile(join(outside, "secret.csv"), "a,label\n1,0\n2,1\n");
    await symlink(join(outside, "secret.csv"), join(root, "link.csv"));
    s3 = await startS3TestServer("trainyard-refs");
    await s3.client.send(new PutObjectCommand({ Bucket: "trainyard-refs", Key: "team/rows.csv", Body: makeCsvDataset({ rows: 25, features: 3, numClasses: 2, header: true, seed: 2 }) }));
    stack = await startTestStack({
      worker: false,
      env: {
        DATASETS_ROOT: root,
        STORAGE: "s3",
        S3_BUCKET: "trainyard-refs",
        S3_PREFIX: "objects",
        S3_ENDPOINT: s3.endpoint,
        S3_FORCE_PATH_STYLE: "true",
        S3_ACCESS_KEY_ID: "S3RVER",
        S3_SECRET_ACCESS_KEY: "S3RVER",
      },
    });
    key = await stack.createTenantKey();
  });
  after(async () => {
    await stack.stop();
    await s3.close();
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  const reference = (body: object) => stack.request().post("/v1/datasets").set("authorization", `Bearer ${key}`).send(body);

  async function settled(id: string): Promise<DatasetView> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await stack.request().get(`/v1/datasets/${id}`).set("authorization", `Bearer ${key}`);
      const dataset = res.body as DatasetView;
      if (dataset.status !== "PENDING" || Date.now() > deadline) return dataset;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function assertRefused(res: { status: number; body: unknown; text: string }, path: string, pattern: RegExp): void {
    assert.equal(res.status, 400, res.text);
    const detail = (res.body as ErrorResponse).details?.find((d) => d.path === path);
    assert.ok(detail, res.text);
    assert.match(detail.message, pattern);
  }

  test("file:// under DATASETS_ROOT becomes READY; two-file formats take files", async () => {
    const csv = await reference({ format: "csv", uri: `file://${join(root, "rows.csv")}` });
    assert.equal(csv.status, 202, csv.text);
    assert.equal((csv.body as DatasetView).status, "PENDING");
    const ready = await settled((csv.body as DatasetView).id);
    assert.equal(ready.status, "READY", ready.statusReason ?? "");
    assert.equal(ready.count, 20);
    assert.equal(ready.source?.uri, `file://${join(root, "rows.csv")}`);
    const idx = await reference({ format: "idx", files: { images: `file://${join(root, "mnist/images.idx")}`, labels: `file://${join(root, "mnist/labels.idx")}` } });
    assert.equal(idx.status, 202, idx.text);
    assert.equal((await settled((idx.body as DatasetView).id)).count, 30);
  });

  test("s3:// objects are read with the service's credentials", async () => {
    const res = await reference({ format: "csv", uri: "s3://trainyard-refs/team/rows.csv", name: "team-rows" });
    assert.equal(res.status, 202, res.text);
    const ready = await settled((res.body as DatasetView).id);
    assert.equal(ready.status, "READY", ready.statusReason ?? "");
    assert.equal(ready.count, 25);
  });

  test("refuses URIs that escape DATASETS_ROOT, https:// not allowed, and other schemes, naming the field", async () => {
    assertRefused(await reference({ format: "csv", uri: `file://${root}/../${outside.split("/").at(-1) ?? ""}/secret.csv` }), "body.uri", /DATASETS_ROOT|\.\./);
    assertRefused(await reference({ format: "csv", uri: `file://${root}/%2e%2e/secret.csv` }), "body.uri", /DATASETS_ROOT|\.\./);
    assertRefused(await reference({ format: "csv", uri: `file://${join(root, "link.csv")}` }), "body.uri", /DATASETS_ROOT/);
    assertRefused(await reference({ format: "csv", uri: "https://example.com/rows.csv" }), "body.uri", /https/);
    assertRefused(await reference({ format: "csv", uri: "s3://trainyard-refs/objects/tenants/x/datasets/y/x.bin" }), "body.uri", /own storage/);
    assertRefused(await reference({ format: "csv", uri: "ftp://example.com/rows.csv" }), "body.uri", /s3:\/\/|https:\/\/|file:\/\//);
    assertRefused(await reference({ format: "idx", uri: `file://${join(root, "rows.csv")}` }), "body.files", /images/);
  });

  test("a dataset left PENDING by a stopped API is read again by the reconciler", async () => {
    const db = createDatabase(stack.databaseUrl);
    try {
      const tenant = (await db.auth.findTenantByKeyHash(hashApiKey(key))) ?? assert.fail("tenant");
      const id = randomUUID();
      await writeFile(join(root, "late.csv"), makeCsvDataset({ rows: 12, features: 2, numClasses: 2, header: true, seed: 7 }));
      const source = { format: "csv" as const, uri: `file://${join(root, "late.csv")}`, name: "left-pending" };
      await db.datasets.create({
        id, tenantId: tenant.id, name: "left-pending", version: 1, status: "PENDING", statusReason: null, source, format: "csv", count: 0, featureShape: [],
        dtype: "uint8", numClasses: 0, sha256: `pending-${id}`, sizeBytes: 0, maxTokenId: null, stats: null, labelNames: null, storageKey: `tenants/${tenant.id}/datasets/${id}`,
      });
      const store = createObjectStore({ kind: "s3", bucket: "trainyard-refs", prefix: "objects", endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });
      const sources = createDatasetSourceReader({ datasetsRoot: root, maxBytes: 1 << 20 });
      const resumed = await resumePendingDatasets({ datasets: db.datasets, store, sources, logger: pino({ level: "silent" }) }, 0);
      assert.ok(resumed >= 1);
      const dataset = await db.datasets.findById(tenant.id, id);
      assert.equal(dataset?.status, "READY", dataset?.statusReason ?? "");
    } finally {
      await db.close();
    }
  });

  test("a malformed referenced file ends INVALID with the reason, and jobs on it are refused", async () => {
    const res = await reference({ format: "csv", uri: `file://${join(root, "broken.csv")}` });
    assert.equal(res.status, 202, res.text);
    const invalid = await settled((res.body as DatasetView).id);
    assert.equal(invalid.status, "INVALID");
    assert.match(invalid.statusReason ?? "", /not a number.*row 3/);
    const job = await stack.request().post("/v1/jobs").set("authorization", `Bearer ${key}`).send({ model: { type: "cnn" }, dataset: { id: invalid.id } });
    assertRefused(job, "body.dataset.id", /INVALID/);
  });
});
