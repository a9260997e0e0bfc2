import { z } from "zod";

/** Name of the BullMQ job that trains a model; the payload below is its data. */
export const trainJobName = "train";

/** What the API puts on the queue. The worker reads everything else from Postgres. */
export const trainJobPayloadSchema = z
  .object({
    jobId: z.uuid(),
    tenantId: z.uuid(),
  })
  .strict();
export type TrainJobPayload = z.infer<typeof trainJobPayloadSchema>;
