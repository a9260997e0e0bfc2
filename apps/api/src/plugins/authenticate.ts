import type { FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import { UnauthorizedError, type AuthRepository, type TenantRecord } from "@trainyard/domain";
import { hashApiKey } from "../services/api-keys.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The tenant whose API key authenticated the request; set on every /v1 route but /v1/admin. */
    tenant: TenantRecord | null;
  }
}

/** onRequest hook: `Authorization: Bearer <api key>` -> request.tenant, else 401. */
export function authenticateTenant(auth: AuthRepository): onRequestAsyncHookHandler {
  return async (request) => {
    const key = bearerToken(request);
    if (key === null) throw new UnauthorizedError("missing Authorization: Bearer <api key> header");
    const tenant = await auth.findTenantByKeyHash(hashApiKey(key));
    if (tenant === null) throw new UnauthorizedError("unknown API key");
    request.tenant = tenant;
  };
}

/** The authenticated tenant of a request that went through {@link authenticateTenant}. */
export function requireTenant(request: FastifyRequest): TenantRecord {
  if (request.tenant === null) throw new UnauthorizedError("request is not authenticated");
  return request.tenant;
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
