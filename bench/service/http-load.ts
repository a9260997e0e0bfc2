// HTTP load on one route of the API with autocannon's programmatic API. The load runs in an
// autocannon worker thread, so that it does not share the event loop of the API it measures
// (the test stack's API runs in this process).
import autocannon from "autocannon";

/** One route to load: its path and, for a POST, the JSON body every request sends. */
export interface RouteLoad {
  path: string;
  method: "GET" | "POST";
  body?: string;
  headers?: Record<string, string>;
}

/** How long (seconds) or how many requests, at how many connections. */
export type LoadSize = { seconds: number; connections: number } | { requests: number; connections: number };

/** What one load run gave. */
export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  durationSeconds: number;
}

/** Loads `route` of the API at `baseUrl`; throws on any non-2xx answer, connection error or timeout. */
export async function loadRoute(baseUrl: string, route: RouteLoad, size: LoadSize): Promise<LoadResult> {
  const result = await autocannon({
    url: `${baseUrl}${route.path}`,
    method: route.method,
    headers: route.headers ?? {},
    ...(route.body === undefined ? {} : { body: route.body }),
    connections: size.connections,
    ...("seconds" in size ? { duration: size.seconds } : { amount: size.requests }),
    workers: 1,
  });
  const requests = result["2xx"] + result.non2xx;
  if (requests === 0) throw new Error(`${route.method} ${route.path}: no answer within ${result.duration} s`);
  if (result.non2xx !== 0 || result.errors !== 0 || result.timeouts !== 0) {
    throw new Error(`${route.method} ${route.path}: ${result.non2xx} non-2xx answers (4xx ${result["4xx"]}, 5xx ${result["5xx"]}), ${result.errors} errors, ${result.timeouts} timeouts of ${requests} requests`);
  }
  return {
    requests,
    requestsPerSecond: requests / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    durationSeconds: result.duration,
  };
}
