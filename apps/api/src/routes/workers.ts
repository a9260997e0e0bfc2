import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { errorResponseSchema, workerListSchema } from "@trainyard/contracts";
import type { AppDependencies } from "../app-dependencies.js";
import { requireTenant } from "../plugins/authenticate.js";
import { listWorkers } from "../services/workers.js";

/** GET /v1/workers: the worker processes seen in the last hour, from their heartbeats. */
export function workerRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/",
      {
        schema: {
          tags: ["workers"],
          summary: "Worker processes seen in the last hour: alive, lost (stopped beating) or stopped, with the caller's jobs on each",
          response: { 200: workerListSchema, 401: errorResponseSchema },
        },
      },
      async (request) => ({ items: await listWorkers(deps, requireTenant(request).id) }),
    );
  };
}
