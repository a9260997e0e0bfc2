import type { QueueEventsListener } from "bullmq";

/**
 * Name of the custom event that asks workers to stop a job. It travels on the queue's BullMQ events
 * stream (`<prefix>:<queueName>:events`), written by `QueueEventsProducer.publishEvent` and read by
 * a `QueueEvents` in every worker process.
 */
export const cancelEventName = "trainyard-cancel";

/**
 * Length the events stream is trimmed to when a cancel is published. BullMQ's default for the stream
 * is 10,000 entries; `publishEvent` would otherwise trim it to 1,000.
 */
export const cancelEventStreamMaxLen = 10_000;

/** Fields of a cancel event as `QueueEvents` delivers them. */
export interface CancelEvent {
  jobId: string;
}

/** `QueueEvents` listener map extended with the cancel event, to type `queueEvents.on(...)`. */
export interface CancelEventListener extends QueueEventsListener {
  [cancelEventName]: (event: CancelEvent, streamId: string) => void;
}
