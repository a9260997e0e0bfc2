import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppDependencies } from "./app-dependencies.js";
import { checkpointRoutes } from "./routes/checkpoints.js";
import { registerErrorHandler } from "./plugins/error-handler.js";
import { registerMultipart } from "./plugins/multipart.js";
import { registerSwagger } from "./plugins/swagger.js";
import { healthRoutes } from "./routes/health.js";
import { adminRoutes } from "./routes/admin.js";
import { datasetRoutes } from "./routes/datasets.js";
import { jobRoutes } from "./routes/jobs.js";
import { modelRoutes } from "./routes/models.js";
import { workerRoutes } from "./routes/workers.js";
import { authenticateTenant } from "./plugins/authenticate.js";

export type App = FastifyInstance;

/** Builds the HTTP API (not listening). `server.ts`-style entry points listen and close it. */
export async function buildApp(deps: AppDependencies, options: { logger: FastifyBaseLogger }): Promise<App> {
  const app = Fastify({ loggerInstance: options.logger });
  app.decorateRequest("tenant", null);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app, deps.isDependencyUnavailable);
  await registerSwagger(app);
  await registerMultipart(app, deps.maxUploadBytes);

  const typed = app.withTypeProvider<ZodTypeProvider>();
  await typed.register(healthRoutes(deps));
  await typed.register(adminRoutes(deps), { prefix: "/v1/admin" });
  await typed.register(
    async (tenantScope) => {
      tenantScope.addHook("onRequest", authenticateTenant(deps.auth));
      await tenantScope.register(datasetRoutes(deps), { prefix: "/datasets" });
      await tenantScope.register(jobRoutes(deps), { prefix: "/jobs" });
      await tenantScope.register(modelRoutes(deps), { prefix: "/jobs" });
      await tenantScope.register(checkpointRoutes(deps), { prefix: "/jobs" });
      await tenantScope.register(workerRoutes(deps), { prefix: "/workers" });
    },
    { prefix: "/v1" },
  );
  return app;
}
