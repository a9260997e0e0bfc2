// Trains a job the way a client does: a test stack (API + in-process worker, own database, queue and
// store), an NPY dataset uploaded with POST /v1/datasets, the job submitted with POST /v1/jobs.
import type { DatasetView, JobView } from "@trainyard/contracts";
import { trainToEnd } from "../../tests/support/job-helpers.js";
import { startTestStack } from "../../tests/support/test-stack.js";

export interface ApiTraining {
  job: JobView;
  /** Each epoch's metrics as GET /v1/jobs/:id/metrics lists them. */
  epochs: Record<string, number>[];
  /** From POST /v1/jobs to the job's end, seconds. */
  submitToEndSeconds: number;
}

/**
 * Uploads `x.npy` and `y.npy` as a dataset, submits `spec` with the dataset's id filled in, waits up
 * to `timeoutMs` for the job to end and returns it; everything the stack created is removed after.
 */
export async function trainThroughApi(files: { x: Buffer; y: Buffer }, spec: { model: unknown; dataset: object; training: object }, timeoutMs: number): Promise<ApiTraining> {
  const started = performance.now();
  const stack = await startTestStack({ worker: true });
  console.error(`test stack started in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  try {
    const key = await stack.createTenantKey("bench");
    const upload = await stack
      .request()
      .post("/v1/datasets")
      .set("authorization", `Bearer ${key}`)
      .field("format", "npy")
      .field("name", "patterns")
      .attach("x", files.x, "x.npy")
      .attach("y", files.y, "y.npy");
    if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${upload.text}`);
    const dataset = upload.body as DatasetView;
    console.error(`uploaded dataset ${dataset.id}: ${dataset.count} samples [${dataset.featureShape.join(", ")}] ${dataset.dtype}`);
    const submitted = performance.now();
    const { job, metrics } = await trainToEnd(stack, key, { ...spec, dataset: { ...spec.dataset, id: dataset.id } }, timeoutMs);
    return { job, epochs: metrics, submitToEndSeconds: (performance.now() - submitted) / 1000 };
  } finally {
    await stack.stop();
  }
}
