// Throughput of the API's job routes under 50 connections, beside GET /healthz (no database, no
// Redis: the framework's ceiling on this machine). Runs on a stack of its own with no worker, so
// the jobs POSTed here stay queued and never train (nor reach the other measurements' queue).
import type { JobView } from "@trainyard/contracts";
import { startTestStack } from "../../tests/support/test-stack.js";
import { loadRoute, type LoadResult, type RouteLoad } from "./http-load.js";
import { jsonHeaders, submitJob, tinyJobBody, uploadTinyDataset } from "./tiny-job.js";

/** One loaded route's result, labelled. */
export interface RouteResult extends LoadResult {
  label: string;
}

/** The three loaded routes. */
export interface HttpThroughput {
  healthz: RouteResult;
  postJob: RouteResult;
  getJob: RouteResult;
}

/** Loads GET /healthz, POST /v1/jobs and GET /v1/jobs/:id for `seconds` each at `connections`. */
export async function measureHttpThroughput(seconds: number, connections: number, log: (line: string) => void): Promise<HttpThroughput> {
  const stack = await startTestStack({ worker: false });
  try {
    const key = await stack.createTenantKey();
    const body = tinyJobBody(await uploadTinyDataset(stack, key));
    const { id } = await submitJob(stack.baseUrl, key, body);
    const headers = jsonHeaders(key);
    const load = async (label: string, route: RouteLoad): Promise<RouteResult> => {
      log(`autocannon ${label}, ${seconds} s at ${connections} connections`);
      return { label, ...(await loadRoute(stack.baseUrl, route, { seconds, connections })) };
    };
    const results = {
      healthz: await load("Reference: GET /healthz (no I/O)", { path: "/healthz", method: "GET" }),
      postJob: await load("POST /v1/jobs (tiny job; stays queued)", { path: "/v1/jobs", method: "POST", body, headers }),
      getJob: await load("GET /v1/jobs/:id (a queued job, with its place in the queue)", { path: `/v1/jobs/${id}`, method: "GET", headers }),
    };
    // The GET answered for a job that is still QUEUED (with its place in the queue).
    const res = await fetch(`${stack.baseUrl}/v1/jobs/${id}`, { headers });
    const shown = (await res.json()) as JobView;
    if (shown.status !== "QUEUED") throw new Error(`job ${id} is ${shown.status}, expected QUEUED`);
    return results;
  } finally {
    await stack.stop();
  }
}
