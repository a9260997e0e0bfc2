import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  errorResponseSchema,
  idParamsSchema,
  jobListSchema,
  jobEventListSchema,
  jobMetricsSchema,
  jobSchema,
  jobSpecSchema,
  listJobsQuerySchema,
  validateJobResponseSchema,
} from "@trainyard/contracts";
import type { AppDependencies } from "../app-dependencies.js";
import { requireTenant } from "../plugins/authenticate.js";
import { answerIdempotently } from "../services/idempotency.js";
import { cancelJob, getJob, listJobs, showJob, submitTrainingJob, toJobView } from "../services/jobs.js";
import { hashJsonBody } from "../services/request-hash.js";
import { validateJobSpec } from "../services/validate-job.js";
import { idempotencyKeyHeadersSchema } from "./idempotency-key-headers.js";

const errors = { 400: errorResponseSchema, 401: errorResponseSchema, 404: errorResponseSchema };

/** /v1/jobs: submit, list, show, metrics, cancel. */
export function jobRoutes(deps: AppDependencies): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/",
      {
        schema: {
          tags: ["jobs"],
          summary: "Submit a training job (with an Idempotency-Key: at most one job per key within 24 h)",
          headers: idempotencyKeyHeadersSchema,
          body: jobSpecSchema,
          response: { 201: jobSchema, ...errors, 409: errorResponseSchema, 422: errorResponseSchema, 503: errorResponseSchema },
        },
      },
      async (request, reply) => {
        const tenantId = requireTenant(request).id;
        const idempotency = { tenantId, key: request.headers["idempotency-key"], methodPath: "POST /v1/jobs", hashRequest: () => hashJsonBody(request.body) };
        const answer = await answerIdempotently({ ...deps, logger: request.log }, idempotency, async () => {
          const job = toJobView(await submitTrainingJob({ ...deps, logger: request.log }, tenantId, request.body));
          return { statusCode: 201, body: job, resourceId: job.id };
        });
        if (answer.replayed) void reply.header("idempotent-replayed", "true");
        return reply.code(answer.statusCode as 201).send(answer.body);
      },
    );
    app.post(
      "/validate",
      {
        schema: {
          tags: ["jobs"],
          summary: "Dry run: validate a job spec against its dataset and show the resolved architecture, without queueing",
          body: jobSpecSchema,
          response: { 200: validateJobResponseSchema, ...errors },
        },
      },
      async (request) => {
        const { plan } = await validateJobSpec(deps, requireTenant(request).id, request.body);
        return { valid: true as const, model: plan, spec: request.body };
      },
    );
    app.get(
      "/",
      { schema: { tags: ["jobs"], summary: "List jobs, newest first", querystring: listJobsQuerySchema, response: { 200: jobListSchema, ...errors } } },
      async (request) => listJobs(deps.jobs, requireTenant(request).id, request.query),
    );
    app.get(
      "/:id",
      { schema: { tags: ["jobs"], summary: "Show a job: status, progress, latest metrics, place in the queue", params: idParamsSchema, response: { 200: jobSchema, ...errors } } },
      async (request) => showJob({ ...deps, logger: request.log }, requireTenant(request).id, request.params.id),
    );
    app.get(
      "/:id/metrics",
      { schema: { tags: ["jobs"], summary: "One row of metrics per finished epoch", params: idParamsSchema, response: { 200: jobMetricsSchema, ...errors } } },
      async (request) => {
        const job = await getJob(deps.jobs, requireTenant(request).id, request.params.id);
        const rows = await deps.jobs.listMetrics(job.id);
        return { items: rows.map((row) => ({ epoch: row.epoch, values: row.values, createdAt: row.createdAt.toISOString() })) };
      },
    );
    app.get(
      "/:id/events",
      {
        schema: {
          tags: ["jobs"],
          summary: "Every status and secondary status change, oldest first, with the worker, attempt and reason",
          params: idParamsSchema,
          response: { 200: jobEventListSchema, ...errors },
        },
      },
      async (request) => {
        const job = await getJob(deps.jobs, requireTenant(request).id, request.params.id);
        const events = await deps.jobs.listEvents(job.id);
        return { items: events.map(({ id: _id, createdAt, ...event }) => ({ ...event, createdAt: createdAt.toISOString() })) };
      },
    );
    app.post(
      "/:id/cancel",
      {
        schema: {
          tags: ["jobs"],
          summary: "Cancel a job: a queued one at once, a running one at its next batch",
          params: idParamsSchema,
          response: { 200: jobSchema, ...errors, 409: errorResponseSchema },
        },
      },
      async (request) => toJobView(await cancelJob({ ...deps, logger: request.log }, requireTenant(request).id, request.params.id)),
    );
  };
}
