import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { checkpointListSchema, errorResponseSchema, idParamsSchema, jobSchema } from "@trainyard/contracts";
import type { AppDependencies } from "../app-dependencies.js";
import { requireTenant } from "../plugins/authenticate.js";
import { listCheckpoints } from "../services/checkpoints.js";
import { toJobView } from "../services/jobs.js";
import { resumeJob } from "../services/resume-job.js";

const errors = { 401: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema, 503: errorResponseSchema };

/** /v1/jobs/:id/checkpoints and /v1/jobs/:id/resume. */
export function checkpointRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/:id/checkpoints",
      {
        schema: {
          tags: ["jobs"],
          summary: "The job's checkpoints, oldest first; each model downloads like the final model",
          params: idParamsSchema,
          response: { 200: checkpointListSchema, ...errors },
        },
      },
      async (request) => ({ items: await listCheckpoints(deps, requireTenant(request).id, request.params.id) }),
    );
    app.post(
      "/:id/resume",
      {
        schema: {
          tags: ["jobs"],
          summary: "Resume a FAILED or CANCELLED job from its newest checkpoint, as a new attempt (202, QUEUED)",
          params: idParamsSchema,
          response: { 202: jobSchema, ...errors },
        },
      },
      async (request, reply) => reply.code(202).send(toJobView(await resumeJob({ ...deps, logger: request.log }, requireTenant(request).id, request.params.id))),
    );
  };
}
