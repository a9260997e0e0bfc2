import { z } from "zod";

/** How a worker is doing, judged from its heartbeats. */
export const workerStatusSchema = z
  .enum(["alive", "lost", "stopped"])
  .describe(
    "alive: beat within the last 3 x HEARTBEAT_SECONDS; lost: silent longer than that without having stopped " +
      "(it died or cannot reach Postgres; its jobs are taken over by another worker once their queue lock expires); " +
      "stopped: shut down cleanly",
  );
export type WorkerStatus = z.infer<typeof workerStatusSchema>;

/** One worker process as GET /v1/workers shows it to a tenant. */
export const workerSchema = z.object({
  id: z.string().describe("WORKER_ID of the process (default <hostname>-<pid>); the same id jobs record as their worker"),
  host: z.string().describe("Host name of the machine it runs on"),
  backend: z.string().describe("TensorFlow.js backend it trains on: tensorflow, wasm or cpu"),
  gpu: z.boolean().describe("Whether that backend runs on a GPU"),
  concurrency: z.int().describe("Jobs it trains at once (WORKER_CONCURRENCY)"),
  status: workerStatusSchema,
  busySlots: z.int().describe("Jobs of any tenant it was running at its last beat; 0 once stopped"),
  jobs: z.array(z.uuid()).describe("Ids of the caller's own jobs among them; other tenants' jobs are counted in busySlots, never named"),
  startedAt: z.iso.datetime().describe("When the process registered"),
  lastBeatAt: z.iso.datetime().describe("Its latest heartbeat (the database's clock)"),
  stoppedAt: z.iso.datetime().nullable().describe("When it shut down cleanly; null while it runs or after it died"),
});
export type WorkerView = z.infer<typeof workerSchema>;

/** GET /v1/workers: every worker seen in the last hour, the latest beat first. */
export const workerListSchema = z.object({ items: z.array(workerSchema) });
