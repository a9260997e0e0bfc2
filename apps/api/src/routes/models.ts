import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { artifactListSchema, errorResponseSchema, idParamsSchema } from "@trainyard/contracts";
import type { AppDependencies } from "../app-dependencies.js";
import { requireTenant } from "../plugins/authenticate.js";
import { listModelFiles, openModelArchive, openModelFile } from "../services/models.js";
import { contentTypeOf, listArtifacts, openArtifact, toArtifactView } from "../services/artifacts.js";

const errors = { 401: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };

/**
 * Artifacts and trained-model downloads: /v1/jobs/:id/model/model.json and the weight files it names (so
 * `tf.loadLayersModel(url)` loads it directly), and /v1/jobs/:id/model.tar.gz.
 */
export function modelRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/:id/model.tar.gz",
      { schema: { tags: ["models"], summary: "The trained model as one .tar.gz archive", params: idParamsSchema } },
      async (request, reply) => {
        const archive = await openModelArchive(deps, requireTenant(request).id, request.params.id);
        return reply
          .type("application/gzip")
          .header("content-disposition", `attachment; filename="model-${request.params.id}.tar.gz"`)
          .send(archive);
      },
    );
    app.get(
      "/:id/model",
      { schema: { tags: ["models"], summary: "The trained model's files", params: idParamsSchema, response: { 200: artifactListSchema, ...errors } } },
      async (request) => {
        const files = await listModelFiles(deps, requireTenant(request).id, request.params.id);
        return { items: files.map((f) => ({ ...toArtifactView(f), url: `/v1/jobs/${f.jobId}/${f.path}` })) };
      },
    );
    app.get(
      "/:id/model/:file",
      {
        schema: {
          tags: ["models"],
          summary: "One file of the trained model (model.json, weights.bin)",
          params: idParamsSchema.extend({ file: z.string().regex(/^[A-Za-z0-9._-]+$/) }),
        },
      },
      async (request, reply) => {
        const { artifact, body } = await openModelFile(deps, requireTenant(request).id, request.params.id, request.params.file);
        return reply.type(contentTypeOf(artifact.path)).header("content-length", artifact.sizeBytes).send(body);
      },
    );
    app.get(
      "/:id/artifacts",
      {
        schema: {
          tags: ["models"],
          summary: "Every file the job has produced so far: the model, GAN sample grids, tokenizer vocabulary",
          params: idParamsSchema,
          response: { 200: artifactListSchema, ...errors },
        },
      },
      async (request) => ({ items: (await listArtifacts(deps, requireTenant(request).id, request.params.id)).map(toArtifactView) }),
    );
    app.get(
      "/:id/artifacts/*",
      {
        schema: {
          tags: ["models"],
          summary: "One artifact by its path, e.g. samples/epoch-0001.png",
          params: idParamsSchema.extend({ "*": z.string().min(1).max(500) }),
        },
      },
      async (request, reply) => {
        const { artifact, body } = await openArtifact(deps, requireTenant(request).id, request.params.id, request.params["*"]);
        return reply.type(contentTypeOf(artifact.path)).header("content-length", artifact.sizeBytes).send(body);
      },
    );
  };
}
