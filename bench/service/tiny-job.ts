// The tiny job every service-overhead measurement submits: one dense softmax layer, 1 epoch,
// 48 samples of 4 features in 3 classes (3 batches of 16), no validation split.
import type { JobView } from "@trainyard/contracts";
import { makeCsvDataset } from "../../tests/fixtures/csv.js";
import { uploadDataFile } from "../../tests/support/job-helpers.js";
import type { TestStack } from "../../tests/support/test-stack.js";

/** Uploads the tiny CSV dataset for the tenant of `key`; returns its id. */
export async function uploadTinyDataset(stack: TestStack, key: string): Promise<string> {
  const dataset = await uploadDataFile(stack, key, "csv", makeCsvDataset({ rows: 48, features: 4, numClasses: 3, seed: 7 }));
  return dataset.id;
}

/** The JSON body of POST /v1/jobs for one tiny job on `datasetId`. */
export function tinyJobBody(datasetId: string): string {
  return JSON.stringify({
    model: { type: "sequential", layers: [{ type: "dense", units: 3, activation: "softmax" }] },
    dataset: { id: datasetId, validationSplit: 0 },
    training: { epochs: 1, batchSize: 16 },
  });
}

/** Headers of an authenticated JSON request. */
export function jsonHeaders(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}`, "content-type": "application/json" };
}

/**
 * POSTs one job; returns its id and `Date.now()` when the response had arrived (a millisecond clock,
 * like the worker's pino `time`, so that differences of the two carry no rounding bias).
 */
export async function submitJob(baseUrl: string, key: string, body: string): Promise<{ id: string; returnedAt: number }> {
  const res = await fetch(`${baseUrl}/v1/jobs`, { method: "POST", headers: jsonHeaders(key), body });
  const text = await res.text();
  const returnedAt = Date.now();
  if (res.status !== 201) throw new Error(`POST /v1/jobs answered ${res.status}: ${text}`);
  return { id: (JSON.parse(text) as JobView).id, returnedAt };
}
