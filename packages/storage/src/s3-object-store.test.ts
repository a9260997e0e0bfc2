import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { S3Client } from "@aws-sdk/client-s3";
import { InvalidInputError, NotFoundError } from "@trainyard/domain";
import { canPresign } from "./presigned-url-store.js";
import { S3ObjectStore } from "./s3-object-store.js";
import { describeObjectStoreContract } from "./testing/describe-object-store-contract.js";
import { startS3TestServer, type S3TestServer } from "./testing/start-s3-test-server.js";

let server: S3TestServer;
const openStores: S3ObjectStore[] = [];

before(async () => {
  server = await startS3TestServer();
});
after(async () => {
  for (const store of openStores) store.close();
  await server.close();
});

/** A store on the test server under a fresh prefix, so tests never see each other's keys. */
function makeStore(options: { prefix?: string; listPageSize?: number } = {}): S3ObjectStore {
  const store = new S3ObjectStore({
    ...server.clientOptions,
    bucket: server.bucket,
    prefix: options.prefix ?? `t-${randomUUID()}`,
    ...(options.listPageSize === undefined ? {} : { listPageSize: options.listPageSize }),
  });
  openStores.push(store);
  return store;
}

/**
 * `totalBytes` of deterministic bytes, produced 64 KiB at a time as the consumer reads, fed into
 * `hash` as they go out, so the test never holds the whole body.
 */
function generatedStream(totalBytes: number, hash: ReturnType<typeof createHash>): Readable {
  const chunkBytes = 64 * 1024;
  return Readable.from(
    (function* () {
      for (let offset = 0, i = 0; offset < totalBytes; offset += chunkBytes, i++) {
        const chunk = Buffer.alloc(Math.min(chunkBytes, totalBytes - offset), i % 251);
        hash.update(chunk);
        yield chunk;
      }
    })(),
  );
}

/** Records the name of every command `client` sends. */
function recordCommands(client: S3Client): string[] {
  const names: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      names.push(context.commandName ?? "unknown");
      return next(args);
    },
    { step: "initialize" },
  );
  return names;
}

describeObjectStoreContract("S3ObjectStore", () => makeStore());

describe("S3ObjectStore", () => {
  test("uploads a 20 MB stream in 8 MiB parts and reads it back intact", async () => {
    const client = new S3Client(server.clientOptions);
    const commands = recordCommands(client);
    const store = new S3ObjectStore({ client, bucket: server.bucket, prefix: `t-${randomUUID()}` });
    try {
      const totalBytes = 20 * 1000 * 1000 + 12_345;
      const sent = createHash("sha256");
      assert.deepEqual(await store.put("big/data.bin", generatedStream(totalBytes, sent)), { sizeBytes: totalBytes });
      assert.equal(commands.filter((name) => name === "CreateMultipartUploadCommand").length, 1);
      assert.equal(commands.filter((name) => name === "UploadPartCommand").length, 3);
      assert.equal(commands.filter((name) => name === "CompleteMultipartUploadCommand").length, 1);
      assert.deepEqual(await store.stat("big/data.bin"), { sizeBytes: totalBytes });
      const received = createHash("sha256");
      for await (const chunk of (await store.get("big/data.bin")) as AsyncIterable<Buffer>) received.update(chunk);
      assert.equal(received.digest("hex"), sent.digest("hex"));
    } finally {
      client.destroy();
    }
  });

  test("a stream failing after its first part aborts the upload and keeps the previous object", async () => {
    const store = makeStore();
    await store.put("k", Buffer.from("old"));
    const chunk = Buffer.alloc(1024 * 1024, 1);
    const body = Readable.from(
      (function* () {
        for (let i = 0; i < 12; i++) yield chunk;
        throw new Error("source broke");
      })(),
    );
    await assert.rejects(store.put("k", body), /source broke/);
    assert.equal((await store.getBuffer("k")).toString(), "old");
  });

  test("lists past 1,000 keys by following continuation tokens", async () => {
    const prefix = `t-${randomUUID()}`;
    const writer = makeStore({ prefix });
    const keys = Array.from({ length: 1001 }, (_, i) => `many/${String(i).padStart(4, "0")}`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => writer.put(key, Buffer.from(key))));
    }
    const client = new S3Client(server.clientOptions);
    const commands = recordCommands(client);
    try {
      const paged = new S3ObjectStore({ client, bucket: server.bucket, prefix, listPageSize: 300 });
      assert.deepEqual(await paged.list("many/"), keys);
      assert.equal(commands.filter((name) => name === "ListObjectsV2Command").length, 4);
    } finally {
      client.destroy();
    }
    assert.deepEqual(await writer.list(""), keys, "the default page size of 1000 also pages");
  });

  test("hands out a presigned GET URL that plain fetch downloads, with the file name when given", async () => {
    const store = makeStore();
    assert.ok(canPresign(store));
    await store.put("models/m1/model.tar.gz", Buffer.from("model bytes"));

    const url = new URL(await store.presignGet("models/m1/model.tar.gz", { expiresInSeconds: 300, filename: "mödel 1.tar.gz" }));
    assert.ok(url.searchParams.has("X-Amz-Signature"));
    assert.equal(url.searchParams.get("X-Amz-Expires"), "300");
    const disposition = url.searchParams.get("response-content-disposition");
    assert.equal(disposition, `attachment; filename="m_del 1.tar.gz"; filename*=UTF-8''m%C3%B6del%201.tar.gz`);
    const response = await fetch(url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-disposition"), disposition);
    assert.equal(await response.text(), "model bytes");

    const plain = new URL(await store.presignGet("models/m1/model.tar.gz", { expiresInSeconds: 60 }));
    assert.equal(plain.searchParams.has("response-content-disposition"), false);
    assert.equal(await (await fetch(plain)).text(), "model bytes");
    assert.equal((await fetch(await store.presignGet("models/none", { expiresInSeconds: 60 }))).status, 404);
  });

  test("rejects presign expiries outside 1 second to 7 days and malformed keys", async () => {
    const store = makeStore();
    await assert.rejects(store.presignGet("k", { expiresInSeconds: 0 }), InvalidInputError);
    await assert.rejects(store.presignGet("k", { expiresInSeconds: 604_801 }), InvalidInputError);
    await assert.rejects(store.presignGet("../k", { expiresInSeconds: 60 }), InvalidInputError);
  });

  test("reports missing keys as NotFoundError but a missing bucket as the S3 error", async () => {
    const store = makeStore();
    await assert.rejects(store.get("missing"), NotFoundError);
    await assert.rejects(store.getBuffer("missing"), NotFoundError);
    const noBucket = new S3ObjectStore({ client: server.client, bucket: "no-such-bucket" });
    await assert.rejects(noBucket.get("k"), (error: unknown) => error instanceof Error && error.name === "NoSuchBucket");
  });

  test("isolates two stores in one bucket by prefix, even when one prefix starts the other", async () => {
    const run = `t-${randomUUID()}`;
    const a = makeStore({ prefix: `${run}/a` });
    const ab = makeStore({ prefix: `${run}/ab/` });
    const root = makeStore({ prefix: "" });
    await a.put("k", Buffer.from("from a"));
    await ab.put("k", Buffer.from("from ab"));
    assert.equal((await a.getBuffer("k")).toString(), "from a");
    assert.equal((await ab.getBuffer("k")).toString(), "from ab");
    assert.deepEqual(await a.list(""), ["k"]);
    assert.deepEqual(await root.list(`${run}/`), [`${run}/a/k`, `${run}/ab/k`]);
    await a.delete("k");
    assert.equal(await a.stat("k"), null);
    assert.deepEqual(await ab.stat("k"), { sizeBytes: 7 });
  });

  test("rejects a malformed store prefix and out-of-range options at construction", () => {
    const base = { ...server.clientOptions, bucket: server.bucket };
    assert.throws(() => new S3ObjectStore({ ...base, prefix: "../x" }), InvalidInputError);
    assert.throws(() => new S3ObjectStore({ ...base, prefix: "a//b" }), InvalidInputError);
    assert.throws(() => new S3ObjectStore({ ...base, listPageSize: 0 }), InvalidInputError);
    assert.throws(() => new S3ObjectStore({ ...base, partSizeBytes: 1024 }), InvalidInputError);
  });
});
