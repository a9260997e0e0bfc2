import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { UnauthorizedError } from "@trainyard/domain";
import { createApiKeyBodySchema, createApiKeyResponseSchema, errorResponseSchema } from "@trainyard/contracts";
import type { AppDependencies } from "../app-dependencies.js";
import { bearerToken } from "../plugins/authenticate.js";
import { createApiKey, isAdminToken } from "../services/api-keys.js";

/** /v1/admin: routes that take the admin token instead of an API key. */
export function adminRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook("onRequest", async (request) => {
      const token = bearerToken(request);
      if (token === null || !isAdminToken(token, deps.adminToken)) {
        throw new UnauthorizedError("admin routes need Authorization: Bearer <admin token>");
      }
    });
    app.post(
      "/api-keys",
      {
        schema: {
          tags: ["admin"],
          summary: "Create an API key for a tenant (the tenant is created if new)",
          body: createApiKeyBodySchema,
          response: { 201: createApiKeyResponseSchema, 400: errorResponseSchema, 401: errorResponseSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await createApiKey(deps.auth, request.body.tenant)),
    );
  };
}
