/** One request made under an Idempotency-Key: what identifies it, and what it must match. */
export interface IdempotentRequest {
  tenantId: string;
  /** The client's Idempotency-Key header. */
  key: string;
  /** The endpoint, e.g. `POST /v1/jobs`: a key is not reused across endpoints. */
  methodPath: string;
  /** sha256 (hex) of the request's canonical form. */
  requestHash: string;
}

/** The answer stored under a key once its first request succeeded. */
export interface IdempotentAnswer {
  /** A 2xx status: failures are never stored. */
  statusCode: number;
  /** The body that was sent. */
  response: unknown;
  /** The job or dataset the request created or returned. */
  resourceId: string | null;
}

/** A key's row as stored. */
export interface IdempotencyKeyRecord {
  tenantId: string;
  key: string;
  methodPath: string;
  requestHash: string;
  /** Null while the first request is still running. */
  answer: IdempotentAnswer | null;
  /** When the key was claimed, by the database's clock. */
  createdAt: Date;
}

/** Whether a claim won the key, or which row holds it. */
export type IdempotencyClaim =
  /** `claimedAt` identifies this claim when completing or releasing it. */
  | { claimed: true; claimedAt: Date }
  | { claimed: false; existing: IdempotencyKeyRecord };

/** How long rows count. */
export interface IdempotencyWindow {
  /** A row older than this is treated as absent and deleted (the key is free again). */
  ttlMs: number;
  /** A row still running after this long is taken to belong to a request that died, and is freed. */
  pendingTimeoutMs: number;
}

/**
 * Idempotency keys of POST requests, per tenant. A claim is one insert under the (tenant, key)
 * primary key, so of two concurrent requests with one key exactly one wins; the other sees the
 * winner's row. Ages are measured by the database's clock.
 */
export interface IdempotencyKeyRepository {
  /**
   * Claims the key for the request (a row with no answer yet), or returns the live row that holds
   * it. Rows past `window` are deleted first, with a few other expired rows of any tenant.
   */
  claim(request: IdempotentRequest, window: IdempotencyWindow): Promise<IdempotencyClaim>;
  /** Stores the answer of the claim made at `claimedAt`; a claim that was freed meanwhile is left alone. */
  complete(request: IdempotentRequest, claimedAt: Date, answer: IdempotentAnswer): Promise<void>;
  /** Frees the key of a claim whose request failed, so the client can retry it; a completed row is kept. */
  release(request: IdempotentRequest, claimedAt: Date): Promise<void>;
}
