import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { InvalidInputError, ServiceUnavailableError, TrainyardError, type FieldProblem } from "@trainyard/domain";
import type { ErrorResponse } from "@trainyard/contracts";

/**
 * The one error handler: request validation and TrainyardErrors become 4xx answers that name the
 * field and the reason; an error `isDependencyUnavailable` recognises (Postgres unreachable) is a
 * 503 with Retry-After; anything else is a 500 whose details stay in the log.
 */
export function registerErrorHandler(app: FastifyInstance, isDependencyUnavailable: (error: unknown) => boolean = () => false): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (!(error instanceof TrainyardError) && isDependencyUnavailable(error)) {
      const unavailable = new ServiceUnavailableError("the database is unavailable; nothing was changed, retry in a few seconds", { cause: error });
      request.log.warn({ err: error }, "dependency unavailable");
      void reply.header("retry-after", String(unavailable.retryAfterSeconds));
      return reply.code(503).send(body(503, reasonPhrase(503), unavailable.message));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details: FieldProblem[] = error.validation.map((issue) => ({
        path: fieldPath(error.validationContext ?? "body", issue.instancePath),
        message: issue.message ?? "is invalid",
      }));
      return reply.code(400).send(body(400, "Bad Request", summarize(details), details));
    }
    if (error instanceof TrainyardError) {
      const details = error instanceof InvalidInputError && error.details.length > 0 ? error.details : undefined;
      if (error instanceof ServiceUnavailableError) {
        request.log.warn({ err: error }, "dependency unavailable");
        void reply.header("retry-after", String(error.retryAfterSeconds));
      } else if (error.statusCode >= 500) {
        request.log.error({ err: error }, "request failed");
      }
      return reply.code(error.statusCode).send(body(error.statusCode, reasonPhrase(error.statusCode), error.message, details));
    }
    const statusCode = typeof error.statusCode === "number" ? error.statusCode : 500;
    if (statusCode >= 400 && statusCode < 500) {
      return reply.code(statusCode).send(body(statusCode, reasonPhrase(statusCode), error.message));
    }
    request.log.error({ err: error }, "request failed");
    return reply.code(500).send(body(500, "Internal Server Error", "internal error; see the server log"));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(body(404, "Not Found", `no route ${request.method} ${request.url.split("?")[0] ?? ""}`)),
  );
}

/** `body.training.epochs`, `params.id`, `query.limit` (Fastify calls the query "querystring"). */
function fieldPath(context: string, instancePath: string): string {
  const rest = instancePath.split("/").filter((part) => part.length > 0);
  return [context === "querystring" ? "query" : context, ...rest].join(".");
}

function summarize(details: FieldProblem[]): string {
  return details.map((d) => `${d.path}: ${d.message}`).join("; ");
}

function body(statusCode: number, error: string, message: string, details?: FieldProblem[]): ErrorResponse {
  return details === undefined ? { statusCode, error, message } : { statusCode, error, message, details };
}

const phrases: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  406: "Not Acceptable",
  409: "Conflict",
  413: "Payload Too Large",
  422: "Unprocessable Entity",
  415: "Unsupported Media Type",
  503: "Service Unavailable",
};

function reasonPhrase(statusCode: number): string {
  return phrases[statusCode] ?? (statusCode >= 500 ? "Internal Server Error" : "Bad Request");
}
