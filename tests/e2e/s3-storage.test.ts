import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { JobView } from "@trainyard/contracts";
import { startS3TestServer, type S3TestServer } from "../../packages/storage/src/testing/start-s3-test-server.js";
import { makeIdxDataset } from "../fixtures/idx.js";
import { trainToEnd, uploadIdx } from "../support/job-helpers.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("with STORAGE=s3: datasets and models in an S3-compatible store, presigned downloads", () => {
  let s3: S3TestServer;
  let stack: TestStack;
  let key: string;
  let job: JobView;

  before(async () => {
    s3 = await startS3TestServer("trainyard-e2e");
    stack = await startTestStack({
      worker: true,
      env: {
        STORAGE: "s3",
        S3_BUCKET: "trainyard-e2e",
        S3_PREFIX: "deployment-a",
        S3_ENDPOINT: s3.endpoint,
        S3_FORCE_PATH_STYLE: "true",
        S3_ACCESS_KEY_ID: "S3RVER",
        S3_SECRET_ACCESS_KEY: "S3RVER",
      },
    });
    key = await stack.createTenantKey();
    const dataset = await uploadIdx(stack, key, makeIdxDataset({ count: 60, height: 8, width: 8, numClasses: 3, seed: 1 }));
    ({ job } = await trainToEnd(stack, key, { model: { type: "cnn" }, dataset: { id: dataset.id }, training: { epochs: 1, seed: 1 } }));
  });
  after(async () => {
    await stack.stop();
    await s3.close();
  });

  const auth = () => ({ authorization: `Bearer ${key}` });

  test("trains from a dataset stored in S3 and stores the model there", async () => {
    assert.equal(job.status, "SUCCEEDED", job.statusReason ?? "");
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: "trainyard-e2e" }));
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? "");
    assert.ok(keys.some((k) => k.startsWith("deployment-a/tenants/") && k.endsWith("/x.bin")), keys.join(", "));
    assert.ok(keys.some((k) => k.endsWith(`/jobs/${job.id}/model/weights.bin`)), keys.join(", "));
  });

  test("?redirect=1 answers 302 to a presigned URL that serves the same bytes", async () => {
    const direct = await fetch(`${stack.baseUrl}/v1/jobs/${job.id}/model/weights.bin`, { headers: auth() });
    assert.equal(direct.status, 200);
    const bytes = Buffer.from(await direct.arrayBuffer());
    const redirect = await fetch(`${stack.baseUrl}/v1/jobs/${job.id}/model/weights.bin?redirect=1`, { headers: auth(), redirect: "manual" });
    assert.equal(redirect.status, 302);
    const location = redirect.headers.get("location") ?? "";
    assert.ok(location.startsWith(s3.endpoint) && location.includes("X-Amz-Signature="), location);
    const presigned = await fetch(location);
    assert.equal(presigned.status, 200);
    assert.deepEqual(Buffer.from(await presigned.arrayBuffer()), bytes);
  });

  test("the model archive is built once and handed out presigned", async () => {
    const redirect = await fetch(`${stack.baseUrl}/v1/jobs/${job.id}/model.tar.gz?redirect=1`, { headers: auth(), redirect: "manual" });
    assert.equal(redirect.status, 302);
    const archive = await fetch(redirect.headers.get("location") ?? "");
    assert.equal(archive.status, 200);
    const tar = gunzipSync(Buffer.from(await archive.arrayBuffer())).toString("latin1");
    assert.ok(tar.includes("model.json") && tar.includes("weights.bin"));
  });

  test("another tenant cannot get a presigned URL", async () => {
    const other = await stack.createTenantKey();
    const res = await fetch(`${stack.baseUrl}/v1/jobs/${job.id}/model.tar.gz?redirect=1`, { headers: { authorization: `Bearer ${other}` }, redirect: "manual" });
    assert.equal(res.status, 404);
  });
});

describe("with the filesystem store, ?redirect=1 streams the file itself", () => {
  test("answers 200 with the bytes", async () => {
    const stack = await startTestStack({ worker: true });
    try {
      const key = await stack.createTenantKey();
      const dataset = await uploadIdx(stack, key, makeIdxDataset({ count: 40, height: 8, width: 8, numClasses: 2, seed: 2 }));
      const { job } = await trainToEnd(stack, key, { model: { type: "cnn" }, dataset: { id: dataset.id }, training: { epochs: 1 } });
      const res = await fetch(`${stack.baseUrl}/v1/jobs/${job.id}/model/model.json?redirect=1`, { headers: { authorization: `Bearer ${key}` }, redirect: "manual" });
      assert.equal(res.status, 200);
      assert.ok(((await res.json()) as { modelTopology?: unknown }).modelTopology !== undefined);
    } finally {
      await stack.stop();
    }
  });
});
