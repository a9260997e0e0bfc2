import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { gzipSync } from "node:zlib";
import type { DatasetView, ErrorResponse } from "@trainyard/contracts";
import { makeIdxDataset } from "../fixtures/idx.js";
import { makeNpy } from "../fixtures/npy.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

/** Upload folders (`trainyard-upload-*`) left in the temp folder. */
async function uploadDirs(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith("trainyard-upload-"));
}

describe("uploads stream through temporary files", () => {
  let stack: TestStack;
  let key: string;

  before(async () => {
    stack = await startTestStack({ worker: false, env: { MAX_UPLOAD_MB: "1" } });
    key = await stack.createTenantKey();
  });
  after(async () => {
    await stack.stop();
  });

  const post = () => stack.request().post("/v1/datasets").set("authorization", `Bearer ${key}`);

  test("an IDX upload (gzipped, fields after the files) gets the same stats and content hash as the raw one", async () => {
    const before = await uploadDirs();
    const idx = makeIdxDataset({ count: 300, height: 10, width: 10, numClasses: 3, seed: 8 });
    const raw = await post().field("format", "idx").attach("images", idx.images, "i.idx").attach("labels", idx.labels, "l.idx");
    assert.equal(raw.status, 201, raw.text);
    const gzipped = await post().attach("labels", gzipSync(idx.labels), "l.idx.gz").attach("images", gzipSync(idx.images), "i.idx.gz").field("format", "idx");
    assert.equal(gzipped.status, 201, gzipped.text);
    const a = raw.body as DatasetView;
    const b = gzipped.body as DatasetView;
    assert.deepEqual(b.stats, a.stats);
    assert.deepEqual([b.count, b.featureShape, b.dtype, b.numClasses, b.sizeBytes], [300, [10, 10], "uint8", 3, 300 * 100 + 300 * 4]);
    assert.deepEqual(a.stats?.classCounts, [0, 1, 2].map((c) => idx.labelsArray.filter((l) => l === c).length));
    const pixels = idx.images.subarray(16);
    assert.equal(a.stats?.featureMax, Math.max(...pixels));
    assert.ok(Math.abs((a.stats?.featureMean ?? 0) - pixels.reduce((s, v) => s + v, 0) / pixels.length) < 1e-9);
    const again = await post().field("format", "idx").attach("images", idx.images, "i.idx").attach("labels", idx.labels, "l.idx");
    assert.equal(again.status, 200, again.text);
    assert.equal((again.body as DatasetView).id, a.id);
    assert.deepEqual(await uploadDirs(), before);
  });

  test("a float64 NPY upload is stored as float32 and its preview reads back the values", async () => {
    const values = Float64Array.from({ length: 40 * 3 }, (_, i) => (i % 7) / 4);
    const y = makeNpy(Uint8Array.from({ length: 40 }, (_, i) => i % 2), [40], "|u1");
    const res = await post().field("format", "npy").attach("x", makeNpy(values, [40, 3], "<f8"), "x.npy").attach("y", y, "y.npy");
    assert.equal(res.status, 201, res.text);
    const dataset = res.body as DatasetView;
    assert.equal(dataset.dtype, "float32");
    const preview = await stack.request().get(`/v1/datasets/${dataset.id}/preview?limit=2`).set("authorization", `Bearer ${key}`);
    assert.equal(preview.status, 200, preview.text);
    assert.match(preview.text, /0\.25/);
  });

  test("broken and oversized uploads leave nothing behind: no row, no object, no temporary file", async () => {
    const before = await uploadDirs();
    const listIds = async () => ((await stack.request().get("/v1/datasets").set("authorization", `Bearer ${key}`)).body as { items: DatasetView[] }).items.map((d) => d.id);
    const datasetsBefore = await listIds();
    const idx = makeIdxDataset({ count: 20, seed: 2 });
    const truncated = await post().field("format", "idx").attach("images", idx.images.subarray(0, idx.images.length - 3), "i.idx").attach("labels", idx.labels, "l.idx");
    assert.equal(truncated.status, 400, truncated.text);
    assert.match((truncated.body as ErrorResponse).message, /truncated data/);
    const tooBig = await post().field("format", "idx").attach("images", Buffer.alloc(1024 * 1024 + 1), "i.idx").attach("labels", idx.labels, "l.idx");
    assert.equal(tooBig.status, 413, tooBig.text);
    assert.deepEqual(await listIds(), datasetsBefore);
    assert.deepEqual(await uploadDirs(), before);
  });
});
