import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { InvalidInputError, PayloadTooLargeError } from "@trainyard/domain";
import { startS3TestServer, type S3TestServer } from "../testing/start-s3-test-server.js";
import { createDatasetSourceReader } from "./create-dataset-source-reader.js";
import type { DatasetSourceReader } from "./dataset-source-rules.js";

let server: S3TestServer;
let reader: DatasetSourceReader;

before(async () => {
  server = await startS3TestServer();
  reader = createDatasetSourceReader({
    s3: { endpoint: server.endpoint, region: "us-east-1", forcePathStyle: true, accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    maxBytes: 100,
  });
});
after(async () => {
  await server.close();
});

function refused(message: RegExp): (error: unknown) => boolean {
  return (error) => error instanceof InvalidInputError && error.details[0]?.path === "uri" && message.test(error.message);
}

async function putObject(key: string, body: string): Promise<void> {
  await server.client.send(new PutObjectCommand({ Bucket: server.bucket, Key: key, Body: body }));
}

describe("createDatasetSourceReader, s3://", () => {
  test("reads an object from the bucket", async () => {
    const key = `datasets/${randomUUID()}/train data.csv`;
    await putObject(key, "a,b\n1,2\n");
    const uri = `s3://${server.bucket}/${key}`;
    await reader.check(uri, "uri");
    assert.equal((await reader.read(uri, "uri")).toString(), "a,b\n1,2\n");
  });

  test("downloads an object into a file, and refuses one over maxBytes while streaming it", async () => {
    const key = `datasets/${randomUUID()}/rows.csv`;
    await putObject(key, "a,b\n1,2\n");
    const dir = await mkdtemp(join(tmpdir(), "trainyard-s3-download-"));
    try {
      assert.equal(await reader.download(`s3://${server.bucket}/${key}`, "uri", join(dir, "rows.csv")), 8);
      assert.equal(await readFile(join(dir, "rows.csv"), "utf8"), "a,b\n1,2\n");
      const big = `datasets/${randomUUID()}/big.bin`;
      await putObject(big, "x".repeat(101));
      await assert.rejects(reader.download(`s3://${server.bucket}/${big}`, "uri", join(dir, "big.bin")), PayloadTooLargeError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("reports a missing key and a missing bucket as not found", async () => {
    await assert.rejects(reader.read(`s3://${server.bucket}/missing/${randomUUID()}`, "uri"), refused(/not found/));
    await assert.rejects(reader.read(`s3://no-such-bucket-${randomUUID().slice(0, 8)}/x`, "uri"), refused(/not found/));
  });

  test("refuses an object over maxBytes", async () => {
    const key = `datasets/${randomUUID()}/big.bin`;
    await putObject(key, "x".repeat(101));
    await assert.rejects(reader.read(`s3://${server.bucket}/${key}`, "uri"), PayloadTooLargeError);
  });

  test("refuses malformed s3:// URIs", async () => {
    for (const uri of ["s3://bucket", "s3://bucket/", "s3:///key", "s3://Bad_Bucket/key", "s3://ab/key"]) {
      await assert.rejects(reader.check(uri, "uri"), refused(/s3:\/\/bucket\/key|invalid bucket name/), uri);
    }
  });

  test("refuses s3:// when no S3 access is configured", async () => {
    const disabled = createDatasetSourceReader({ maxBytes: 100 });
    await assert.rejects(disabled.check(`s3://${server.bucket}/x`, "uri"), refused(/s3:\/\/ datasets are disabled/));
  });

  test("refuses an access key id without its secret at construction", () => {
    assert.throws(
      () => createDatasetSourceReader({ s3: { region: "us-east-1", accessKeyId: "id" }, maxBytes: 1 }),
      /secretAccessKey: give both/,
    );
  });
});
