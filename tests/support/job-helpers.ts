import assert from "node:assert/strict";
import type { DatasetView, JobView } from "@trainyard/contracts";
import type { TestStack } from "./test-stack.js";

/** Uploads one dataset file (`data`) of a csv or jsonl dataset and returns the created dataset. */
export async function uploadDataFile(stack: TestStack, key: string, format: "csv" | "jsonl", body: string, fields: Record<string, string> = {}): Promise<DatasetView> {
  let request = stack.request().post("/v1/datasets").set("authorization", `Bearer ${key}`).field("format", format);
  for (const [name, value] of Object.entries(fields)) request = request.field(name, value);
  const res = await request.attach("data", Buffer.from(body), `data.${format}`);
  assert.equal(res.status, 201, res.text);
  return res.body as DatasetView;
}

/** Uploads an IDX dataset and returns the created dataset. */
export async function uploadIdx(stack: TestStack, key: string, files: { images: Buffer; labels: Buffer }): Promise<DatasetView> {
  const res = await stack
    .request()
    .post("/v1/datasets")
    .set("authorization", `Bearer ${key}`)
    .field("format", "idx")
    .attach("images", files.images, "images.idx")
    .attach("labels", files.labels, "labels.idx");
  assert.equal(res.status, 201, res.text);
  return res.body as DatasetView;
}

/** Submits a job spec, waits until it finishes and returns it, with its per-epoch metrics. */
export async function trainToEnd(
  stack: TestStack,
  key: string,
  spec: unknown,
  timeoutMs = 120_000,
): Promise<{ job: JobView; metrics: Record<string, number>[] }> {
  const submit = await stack.request().post("/v1/jobs").set("authorization", `Bearer ${key}`).send(spec as object);
  assert.equal(submit.status, 201, submit.text);
  const job = await stack.waitForJob(key, (submit.body as JobView).id, (j) => j.finishedAt !== null, timeoutMs);
  const metrics = await stack.request().get(`/v1/jobs/${job.id}/metrics`).set("authorization", `Bearer ${key}`);
  return { job, metrics: (metrics.body as { items: { values: Record<string, number> }[] }).items.map((row) => row.values) };
}
