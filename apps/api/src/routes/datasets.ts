import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  datasetListSchema,
  datasetPreviewQuerySchema,
  datasetPreviewSchema,
  datasetSchema,
  errorResponseSchema,
  idParamsSchema,
  type DatasetView,
} from "@trainyard/contracts";
import type { AppDependencies } from "../app-dependencies.js";
import { requireTenant } from "../plugins/authenticate.js";
import { getDataset, toDatasetView, uploadDataset } from "../services/datasets.js";
import { previewDataset } from "../services/dataset-preview.js";
import { referenceDataset } from "../services/dataset-references.js";
import { answerIdempotently } from "../services/idempotency.js";
import { hashJsonBody, hashUpload } from "../services/request-hash.js";
import { spoolUpload } from "../services/spool-upload.js";
import { idempotencyKeyHeadersSchema } from "./idempotency-key-headers.js";

const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 404: errorResponseSchema };

/** /v1/datasets: upload (multipart), list, show. */
export function datasetRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/",
      {
        schema: {
          tags: ["datasets"],
          summary:
            "Upload a dataset (multipart/form-data; the same bytes again return the existing dataset with 200), " +
            "or reference one with JSON { format, uri | files, ... } (202, PENDING until read and checked)",
          description:
            "Fields: format (idx | csv | jsonl | npy | images), name (optional); csv: labelColumn (header name or 0-based index; default the column named label; " +
            "names as labels are mapped to ids) and featureColumns (comma-separated); images: imageSize (HxW, default 28x28) and channels (1 or 3). " +
            "Files: images and labels (idx, gzip or not); data (csv; jsonl: one object per line with label and one of text, tokens or features); " +
            "x and y (npy: uint8 or float32 features, integer labels); archive (images: a zip with one folder of PNG/JPEG files per class). " +
            "The dataset is parsed and checked before it is stored. With an Idempotency-Key, a retry of the same request within 24 h gets the first answer again.",
          consumes: ["multipart/form-data"],
          headers: idempotencyKeyHeadersSchema,
          response: { 200: datasetSchema, 201: datasetSchema, 202: datasetSchema, ...errors, 409: errorResponseSchema, 413: errorResponseSchema, 422: errorResponseSchema },
        },
      },
      async (request, reply) => {
        const tenant = requireTenant(request);
        const idempotency = { tenantId: tenant.id, key: request.headers["idempotency-key"], methodPath: "POST /v1/datasets" };
        const deliver = (answer: { statusCode: number; body: DatasetView; replayed: boolean }) => {
          if (answer.replayed) void reply.header("idempotent-replayed", "true");
          return reply.code(answer.statusCode as 200 | 201 | 202).send(answer.body);
        };
        if (!request.isMultipart()) {
          const hashRequest = () => hashJsonBody(request.body);
          return deliver(
            await answerIdempotently({ ...deps, logger: request.log }, { ...idempotency, hashRequest }, async () => {
              const dataset = toDatasetView(await referenceDataset({ ...deps, logger: request.log }, tenant.id, request.body));
              return { statusCode: 202, body: dataset, resourceId: dataset.id };
            }),
          );
        }
        const upload = await spoolUpload(request.parts(), deps.maxUploadBytes);
        // The temporary files are gone before the answer leaves.
        const answer = await answerIdempotently({ ...deps, logger: request.log }, { ...idempotency, hashRequest: () => hashUpload(upload) }, async () => {
          const { dataset, created } = await uploadDataset(deps, tenant.id, upload);
          return { statusCode: created ? 201 : 200, body: toDatasetView(dataset), resourceId: dataset.id };
        }).finally(upload.dispose);
        return deliver(answer);
      },
    );
    app.get("/", { schema: { tags: ["datasets"], summary: "List datasets, newest first", response: { 200: datasetListSchema, ...errors } } }, async (request) => {
      const tenant = requireTenant(request);
      return { items: (await deps.datasets.list(tenant.id)).map(toDatasetView) };
    });
    app.get(
      "/:id",
      { schema: { tags: ["datasets"], summary: "Show a dataset", params: idParamsSchema, response: { 200: datasetSchema, ...errors } } },
      async (request) => toDatasetView(await getDataset(deps.datasets, requireTenant(request).id, request.params.id)),
    );
    app.get(
      "/:id/preview",
      {
        schema: {
          tags: ["datasets"],
          summary: "The first samples: images as PNG data URLs, feature values, or text",
          params: idParamsSchema,
          querystring: datasetPreviewQuerySchema,
          response: { 200: datasetPreviewSchema, ...errors },
        },
      },
      async (request) => previewDataset(deps, requireTenant(request).id, request.params.id, request.query.limit),
    );
  };
}
