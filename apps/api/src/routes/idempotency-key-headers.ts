import { z } from "zod";

/**
 * The optional `Idempotency-Key` header of POST /v1/jobs and POST /v1/datasets. Other headers pass
 * through untouched (the validated object replaces `request.headers`).
 */
export const idempotencyKeyHeadersSchema = z.looseObject({
  "idempotency-key": z
    .string()
    .regex(/^[ -~]{1,255}$/, "must be 1 to 255 printable ASCII characters")
    .optional()
    .describe("Makes a retry safe: the same key and request within 24 h get the first answer again (header Idempotent-Replayed: true)"),
});
