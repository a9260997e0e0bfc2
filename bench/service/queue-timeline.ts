// When BullMQ added, activated and completed each job of a queue, read from the queue's events
// stream: an event's stream id starts with Redis's clock in ms when the event was written, so the
// times come from inside BullMQ's own scripts (same machine, same clock as the workers' logs).
import { QueueEvents } from "bullmq";

/** Stream events whose times are kept. */
type Moment = "added" | "active" | "completed";

/** The ms part of a stream id such as `1712345678901-0`. */
function streamIdMs(id: string): number {
  return Number(id.slice(0, id.indexOf("-")));
}

/** Follows one queue's events stream; open it before the first job is added. */
export class QueueTimeline {
  private readonly times: Record<Moment, Map<string, number>> = { added: new Map(), active: new Map(), completed: new Map() };
  private readonly waiting = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();

  private constructor(private readonly events: QueueEvents) {
    for (const moment of ["added", "active", "completed"] as const) {
      events.on(moment, ({ jobId }: { jobId: string }, id: string) => {
        this.times[moment].set(jobId, streamIdMs(id));
        if (moment === "completed") this.waiting.get(jobId)?.resolve();
      });
    }
    events.on("failed", ({ jobId, failedReason }: { jobId: string; failedReason: string }) => {
      this.waiting.get(jobId)?.reject(new Error(`job ${jobId} failed in the queue: ${failedReason}`));
    });
  }

  /** Starts reading `queueName`'s events from the stream's beginning (the queue is new: nothing is skipped). */
  static async open(redisUrl: string, queueName: string, prefix = "trainyard"): Promise<QueueTimeline> {
    const events = new QueueEvents(queueName, { connection: { url: redisUrl }, prefix, lastEventId: "0-0" });
    await events.waitUntilReady();
    return new QueueTimeline(events);
  }

  /** Resolves once `jobId` has completed (at once if it already has); rejects if it fails or after `timeoutMs`. */
  async waitForCompleted(jobId: string, timeoutMs: number): Promise<void> {
    if (this.times.completed.has(jobId)) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        this.waiting.set(jobId, { resolve, reject });
        timer = setTimeout(() => reject(new Error(`job ${jobId} did not complete within ${timeoutMs} ms`)), timeoutMs);
      });
    } finally {
      clearTimeout(timer);
      this.waiting.delete(jobId);
    }
  }

  /** Redis time (ms) of `moment` for `jobId`; throws when the stream had no such event. */
  timeOf(jobId: string, moment: Moment): number {
    const time = this.times[moment].get(jobId);
    if (time === undefined) throw new Error(`no "${moment}" event for job ${jobId}`);
    return time;
  }

  async close(): Promise<void> {
    await this.events.close();
  }
}
