import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidInputError } from "@trainyard/domain";
import { createObjectStore } from "./create-object-store.js";
import { FilesystemObjectStore } from "./filesystem-object-store.js";
import { canPresign } from "./presigned-url-store.js";
import { S3ObjectStore } from "./s3-object-store.js";
import { startS3TestServer, type S3TestServer } from "./testing/start-s3-test-server.js";

let server: S3TestServer;
let root: string;

before(async () => {
  server = await startS3TestServer();
  root = await mkdtemp(join(tmpdir(), "trainyard-storage-factory-"));
});
after(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe("createObjectStore", () => {
  test("builds a filesystem store that cannot presign", async () => {
    const store = createObjectStore({ kind: "filesystem", root });
    assert.ok(store instanceof FilesystemObjectStore);
    assert.equal(canPresign(store), false);
    await store.put("k", Buffer.from("fs"));
    assert.equal((await store.getBuffer("k")).toString(), "fs");
  });

  test("builds an S3 store from endpoint, region, path style and credentials that can presign", async () => {
    const store = createObjectStore({
      kind: "s3",
      bucket: server.bucket,
      prefix: `t-${randomUUID()}`,
      endpoint: server.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
    });
    assert.ok(store instanceof S3ObjectStore);
    try {
      assert.ok(canPresign(store));
      await store.put("k", Buffer.from("s3"));
      assert.equal((await store.getBuffer("k")).toString(), "s3");
      assert.deepEqual(await store.list(""), ["k"]);
    } finally {
      store.close();
    }
  });

  test("connects to nothing until the first call", () => {
    const store = createObjectStore({ kind: "s3", bucket: "b", endpoint: "http://127.0.0.1:1", region: "us-east-1" });
    assert.ok(store instanceof S3ObjectStore);
    store.close();
  });

  test("refuses an access key id without its secret, and the reverse", () => {
    const base = { kind: "s3" as const, bucket: "b", region: "us-east-1" };
    assert.throws(() => createObjectStore({ ...base, accessKeyId: "id" }), /secretAccessKey: give both/);
    assert.throws(() => createObjectStore({ ...base, secretAccessKey: "secret" }), InvalidInputError);
  });
});
