import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { pino } from "pino";

export const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const testPrefix = "trainyard-test";
export const silentLogger = pino({ level: "silent" });

/** A fresh queue name plus a raw BullMQ `Queue` on it to inspect and, at the end, obliterate. */
export interface TestQueue {
  queueName: string;
  inspect: Queue;
  cleanup(): Promise<void>;
}

export function makeTestQueue(): TestQueue {
  const queueName = `test-${randomUUID()}`;
  const inspect = new Queue(queueName, { connection: { url: redisUrl }, prefix: testPrefix });
  return {
    queueName,
    inspect,
    cleanup: async () => {
      await inspect.obliterate({ force: true });
      await inspect.close();
    },
  };
}

/** A valid payload with fresh ids. */
export function makePayload(): { jobId: string; tenantId: string } {
  return { jobId: randomUUID(), tenantId: randomUUID() };
}

/** Enqueue options of a job that asks for no particular priority (the spec's default). */
export const defaultPriority = { priority: 5 };
