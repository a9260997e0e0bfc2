import type { FastifyBaseLogger } from "fastify";
import { ConflictError, UnprocessableError, type IdempotencyKeyRepository, type IdempotencyWindow, type IdempotentRequest } from "@trainyard/domain";

/** How long a key holds its answer: a retry within 24 h is answered from it, a later one runs anew. */
export const idempotencyTtlMs = 24 * 3_600_000;

/**
 * How long a claim may stay without an answer before it is taken for a request whose process died,
 * and the key is freed. Longer than the slowest upload we expect to be prepared and stored.
 */
export const idempotencyPendingTimeoutMs = 15 * 60_000;

/** What a handler answered: its status, body and the resource it is about. */
export interface HandlerAnswer<T> {
  statusCode: number;
  body: T;
  /** The job's or dataset's id, stored with the answer. */
  resourceId: string | null;
}

/** An answer to send, and whether it is a stored one sent again. */
export interface IdempotentReply<T> {
  statusCode: number;
  body: T;
  /** True when the answer is the stored answer of an earlier request (header `Idempotent-Replayed: true`). */
  replayed: boolean;
}

/** A request and its Idempotency-Key header, if any. */
export interface IdempotencyInput {
  tenantId: string;
  /** The Idempotency-Key header (already checked by the route schema); undefined runs the request as is. */
  key: string | undefined;
  /** e.g. `POST /v1/jobs`. */
  methodPath: string;
  /** sha256 of the request's canonical form; called only when a key is given. */
  hashRequest: () => string | Promise<string>;
}

/** Options of {@link answerIdempotently}. */
export interface IdempotencyOptions {
  /** Default: 24 h ({@link idempotencyTtlMs}) and 15 min ({@link idempotencyPendingTimeoutMs}). */
  window?: IdempotencyWindow;
}

/**
 * Runs `handle` at most once per tenant and Idempotency-Key within 24 h. The first request claims
 * the key (one insert under its primary key, so of concurrent requests exactly one runs), runs,
 * and stores its answer if it is a 2xx; on a failure the key is freed so that the client can fix
 * the request and retry. A later request with the same key gets the stored answer (`replayed`).
 * @throws UnprocessableError (422) when the key was used for a different request or endpoint.
 * @throws ConflictError (409) while the key's first request is still running; retrying later gets its answer.
 */
export async function answerIdempotently<T>(
  deps: { idempotencyKeys: IdempotencyKeyRepository; logger: FastifyBaseLogger },
  input: IdempotencyInput,
  handle: () => Promise<HandlerAnswer<T>>,
  options: IdempotencyOptions = {},
): Promise<IdempotentReply<T>> {
  if (input.key === undefined) return { ...(await handle()), replayed: false };
  const request: IdempotentRequest = { tenantId: input.tenantId, key: input.key, methodPath: input.methodPath, requestHash: await input.hashRequest() };
  const window = options.window ?? { ttlMs: idempotencyTtlMs, pendingTimeoutMs: idempotencyPendingTimeoutMs };
  const claim = await deps.idempotencyKeys.claim(request, window);
  if (!claim.claimed) {
    const { existing } = claim;
    if (existing.methodPath !== request.methodPath) {
      throw new UnprocessableError(`headers.idempotency-key: this key was used for ${existing.methodPath} in the last 24 h; use a new key`);
    }
    if (existing.requestHash !== request.requestHash) {
      throw new UnprocessableError("headers.idempotency-key: this key was used in the last 24 h with a different request body; use a new key");
    }
    if (existing.answer === null) throw new ConflictError("a request with this Idempotency-Key is in progress; retry later to get its answer");
    return { statusCode: existing.answer.statusCode, body: existing.answer.response as T, replayed: true };
  }
  let answer: HandlerAnswer<T>;
  try {
    answer = await handle();
  } catch (error) {
    await deps.idempotencyKeys.release(request, claim.claimedAt).catch((releaseError: unknown) => {
      // The key then stays busy (409) until the pending timeout frees it.
      deps.logger.warn({ err: releaseError }, "could not free idempotency key of a failed request");
    });
    throw error;
  }
  if (answer.statusCode >= 200 && answer.statusCode < 300) {
    // The request did its work: answer it even if the answer cannot be stored.
    await deps.idempotencyKeys.complete(request, claim.claimedAt, { statusCode: answer.statusCode, response: answer.body, resourceId: answer.resourceId }).catch((storeError: unknown) => {
      deps.logger.warn({ err: storeError }, "could not store the answer of an idempotent request");
    });
  } else {
    await deps.idempotencyKeys.release(request, claim.claimedAt);
  }
  return { statusCode: answer.statusCode, body: answer.body, replayed: false };
}
