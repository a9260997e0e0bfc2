import assert from "node:assert/strict";
import type { JobEventView, JobView } from "@trainyard/contracts";
import type { TestStack } from "../support/test-stack.js";

/** The job API calls and checks the chaos scenarios share, for one tenant of a test stack. */
export interface ChaosClient {
  /** The tenant's API key. */
  key: string;
  /** Submits a job (expects 201) and returns its id. */
  submit(spec: object): Promise<string>;
  job(id: string): Promise<JobView>;
  /** Every job of the tenant (one page is enough for these tests). */
  list(): Promise<JobView[]>;
  /** Epochs of the job's metrics rows, in order. */
  metricEpochs(id: string): Promise<number[]>;
  /** Epochs of the job's checkpoints, oldest first. */
  checkpointEpochs(id: string): Promise<number[]>;
  events(id: string): Promise<JobEventView[]>;
}

/** Makes a {@link ChaosClient} for the tenant of `key`. */
export function createChaosClient(stack: TestStack, key: string): ChaosClient {
  const auth = { authorization: `Bearer ${key}` };
  const get = async <T>(path: string): Promise<T> => {
    const res = await stack.request().get(path).set(auth);
    assert.equal(res.status, 200, `GET ${path}: ${res.text}`);
    return res.body as T;
  };
  return {
    key,
    async submit(spec) {
      const res = await stack.request().post("/v1/jobs").set(auth).send(spec);
      assert.equal(res.status, 201, res.text);
      return (res.body as JobView).id;
    },
    job: (id) => get<JobView>(`/v1/jobs/${id}`),
    list: async () => (await get<{ items: JobView[] }>("/v1/jobs?limit=100")).items,
    metricEpochs: async (id) => (await get<{ items: { epoch: number }[] }>(`/v1/jobs/${id}/metrics`)).items.map((m) => m.epoch),
    checkpointEpochs: async (id) => (await get<{ items: { epoch: number }[] }>(`/v1/jobs/${id}/checkpoints`)).items.map((c) => c.epoch),
    events: async (id) => (await get<{ items: JobEventView[] }>(`/v1/jobs/${id}/events`)).items,
  };
}

/** Polls `check` every `pollMs` until it returns a value other than undefined; fails after `timeoutMs` naming `what`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, pollMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** `1..n`, the metrics epochs of a job that trained n epochs with none lost and none recorded twice. */
export function epochsUpTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** Events as `STATUS/SECONDARY@worker#attempt`, for assertion messages. */
export function describeEvents(events: JobEventView[]): string {
  return events.map((e) => `${e.status}/${e.secondaryStatus ?? "-"}@${e.workerId ?? "-"}#${e.attempt}`).join(" ");
}

/**
 * Checks that no two attempts of a job overlapped: every RUNNING/STARTING event after the first
 * belongs to a later attempt, and each attempt's events come from one worker only.
 */
export function assertAttemptsSequential(events: JobEventView[]): void {
  const starts = events.filter((e) => e.status === "RUNNING" && e.secondaryStatus === "STARTING");
  for (let i = 1; i < starts.length; i++) {
    assert.ok((starts[i]?.attempt ?? 0) > (starts[i - 1]?.attempt ?? 0), `attempts in order: ${describeEvents(events)}`);
  }
  const workerOfAttempt = new Map<number, string | null>();
  for (const e of events.filter((x) => x.status === "RUNNING" || x.status === "CANCELLING")) {
    const seen = workerOfAttempt.get(e.attempt);
    if (seen === undefined) workerOfAttempt.set(e.attempt, e.workerId);
    else assert.equal(e.workerId, seen, `attempt ${e.attempt} written by one worker: ${describeEvents(events)}`);
  }
  // Events are ordered by id: once attempt n+1 started, no event of attempt n may follow.
  let latest = 0;
  for (const e of events.filter((x) => x.status === "RUNNING")) {
    assert.ok(e.attempt >= latest, `no event of an earlier attempt after a later one started: ${describeEvents(events)}`);
    latest = e.attempt;
  }
}

/** Counts pino lines of `log` with message `msg` and, when given, `jobId`. */
export function countLogLines(log: string, msg: string, jobId?: string): number {
  return log.split("\n").filter((line) => line.includes(`"msg":"${msg}"`) && (jobId === undefined || line.includes(`"jobId":"${jobId}"`))).length;
}
