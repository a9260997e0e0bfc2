import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { artifactListSchema, errorResponseSchema, idParamsSchema } from "@trainyard/contracts";
import type { AppDependencies } from "../app-dependencies.js";
import { requireTenant } from "../plugins/authenticate.js";
import type { FastifyReply } from "fastify";
import type { ArtifactRecord } from "@trainyard/domain";
import { findModelFile, listModelFiles, openModelArchive } from "../services/models.js";
import { contentTypeOf, findArtifact, listArtifacts, toArtifactView } from "../services/artifacts.js";
import { presignedModelArchiveUrl, presignedUrl } from "../services/presigned-downloads.js";

const errors = { 401: errorResponseSchema, 404: errorResponseSchema, 409: errorResponseSchema };
/** `?redirect=1`: answer 302 to a presigned URL when the object store can make one (S3). */
const redirectQuerySchema = z.object({ redirect: z.enum(["0", "1", "true", "false"]).optional() }).strict();
const wantsRedirect = (query: { redirect?: string | undefined }): boolean => query.redirect === "1" || query.redirect === "true";

/**
 * Artifacts and trained-model downloads: /v1/jobs/:id/model/model.json and the weight files it names (so
 * `tf.loadLayersModel(url)` loads it directly), and /v1/jobs/:id/model.tar.gz.
 */
export function modelRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  /** Streams the artifact, or answers 302 to a presigned URL when asked and the store can make one. */
  const sendArtifact = async (reply: FastifyReply, artifact: ArtifactRecord, redirect: boolean): Promise<FastifyReply> => {
    const url = redirect ? await presignedUrl(deps.store, artifact.storageKey, { expiresInSeconds: deps.presignExpiresSeconds }) : null;
    if (url !== null) return reply.redirect(url, 302);
    const body = await deps.store.get(artifact.storageKey);
    return reply.type(contentTypeOf(artifact.path)).header("content-length", artifact.sizeBytes).send(body);
  };
  return async (app) => {
    app.get(
      "/:id/model.tar.gz",
      {
        schema: {
          tags: ["models"],
          summary: "The trained model as one .tar.gz archive (?redirect=1: a 302 to a presigned URL on S3)",
          params: idParamsSchema,
          querystring: redirectQuerySchema,
        },
      },
      async (request, reply) => {
        const tenantId = requireTenant(request).id;
        if (wantsRedirect(request.query)) {
          const url = await presignedModelArchiveUrl(deps, tenantId, request.params.id, deps.presignExpiresSeconds);
          if (url !== null) return reply.redirect(url, 302);
        }
        const archive = await openModelArchive(deps, tenantId, request.params.id);
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
          summary: "One file of the trained model (model.json, weights.bin); ?redirect=1: a 302 to a presigned URL on S3",
          params: idParamsSchema.extend({ file: z.string().regex(/^[A-Za-z0-9._-]+$/) }),
          querystring: redirectQuerySchema,
        },
      },
      async (request, reply) => {
        const artifact = await findModelFile(deps, requireTenant(request).id, request.params.id, request.params.file);
        return await sendArtifact(reply, artifact, wantsRedirect(request.query));
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
          summary: "One artifact by its path, e.g. samples/epoch-0001.png; ?redirect=1: a 302 to a presigned URL on S3",
          params: idParamsSchema.extend({ "*": z.string().min(1).max(500) }),
          querystring: redirectQuerySchema,
        },
      },
      async (request, reply) => {
        const artifact = await findArtifact(deps, requireTenant(request).id, request.params.id, request.params["*"]);
        return await sendArtifact(reply, artifact, wantsRedirect(request.query));
      },
    );
  };
}
