import { Redis } from "ioredis";
import { withTimeout } from "./with-timeout.js";

/** What {@link probeRedis} found. `reason` says why Redis did not answer. */
export type RedisProbeResult = { ok: true } | { ok: false; reason: string };

/**
 * Opens a fresh connection to `url`, sends PING and closes it again. Never retries and never throws.
 *
 * @param timeoutMs - How long to wait for the connection and the PONG. @defaultValue 2000
 */
export async function probeRedis(url: string, timeoutMs = 2_000): Promise<RedisProbeResult> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    // ioredis arms a timer of this length on disconnect and never clears it when the connection was
    // refused; its default (2 s) would keep a short-lived process alive after a failed probe.
    disconnectTimeout: 100,
  });
  // The error event carries the real cause (ECONNREFUSED, WRONGPASS); connect() only says "closed".
  let lastError: Error | undefined;
  client.on("error", (error: Error) => {
    lastError = error;
  });
  try {
    await withTimeout(
      client.connect().then(() => client.ping()),
      timeoutMs,
      () => new Error(`no answer within ${timeoutMs} ms`),
    );
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: (lastError ?? (error as Error)).message };
  } finally {
    client.disconnect();
  }
}
