import type { JobsOptions } from "bullmq";

/**
 * BullMQ options of every training job. Postgres is the system of record, so BullMQ keeps finished
 * entries only briefly, for debugging.
 *
 * - `attempts: 3` (the job spec's `maxAttempts` overrides it per job), exponential backoff from 5 s
 *   (retries after 5 s, 10 s, 20 s, ...) for flaky dependencies; bad payloads and
 *   `UnrecoverableJobError`s fail at once.
 * - `removeOnComplete: { age: 3600 }`, `removeOnFail: { age: 86400 }` (seconds). Ages, not `true`:
 *   `true` races with `waitUntilFinished` ("Missing key"). While a finished entry is kept, enqueueing
 *   the same job id again adds nothing.
 */
export const trainJobOptions = {
  attempts: 3,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { age: 3_600 },
  removeOnFail: { age: 86_400 },
} as const satisfies JobsOptions;
