import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppDependencies } from "../app-dependencies.js";

const readySchema = z.object({ status: z.enum(["ready", "unavailable"]), postgres: z.boolean(), redis: z.boolean() });

/** GET /healthz (the process is up) and GET /readyz (Postgres and Redis answer too). */
export function healthRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/healthz", { schema: { tags: ["health"], security: [], response: { 200: z.object({ status: z.literal("ok") }) } } }, async () => ({
      status: "ok" as const,
    }));
    app.get(
      "/readyz",
      { schema: { tags: ["health"], security: [], response: { 200: readySchema, 503: readySchema } } },
      async (_request, reply) => {
        const [postgres, redis] = await Promise.all([deps.pingDatabase(), deps.queue.ping()]);
        const ready = postgres && redis;
        return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "unavailable", postgres, redis });
      },
    );
  };
}
