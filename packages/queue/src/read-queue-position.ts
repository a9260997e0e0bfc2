import type { Queue } from "bullmq";
import type { QueuePosition } from "@trainyard/domain";

/** Wait-list entries LPOS looks at, from the end taken next, before giving up. */
const maxWaitListScan = 1_000;
const commandName = "trainyardQueuePosition";

/*
 * One atomic read of BullMQ's keys, O(log n) whatever the queue's length (no job is loaded):
 * - `wait` (list, taken from the right with RPOPLPUSH) is emptied before `prioritized`. Our jobs only
 *   land there when a stalled job is moved back, so it is short; LPOS scans at most ARGV[2] entries.
 * - `prioritized` (sorted set, score priority x 2^32 + insertion counter, taken lowest first): ZRANK
 *   is the number of prioritized jobs taken before this one.
 * - `active` (list): jobs being processed.
 * Returns { waiting jobs ahead, or -1 when the job is not waiting; active count }.
 */
const positionScript = `
local running = redis.call("LLEN", KEYS[3])
local waiting = redis.call("LLEN", KEYS[1])
local rank = redis.call("ZRANK", KEYS[2], ARGV[1])
if rank then return {waiting + rank, running} end
local index = redis.call("LPOS", KEYS[1], ARGV[1], "RANK", -1, "MAXLEN", tonumber(ARGV[2]))
if index then return {waiting - 1 - index, running} end
return {-1, running}
`;

/** Clients the script is defined on (ioredis keeps it per client and loads it by SHA on first use). */
const clientsWithScript = new WeakSet<object>();

/**
 * Where `jobId` stands in `queue` while it waits (prioritized or in the wait list); null when it is
 * active, delayed, finished or unknown. Reads BullMQ's `wait`, `prioritized` and `active` keys in one
 * Lua script: BullMQ has no position API, and `getPrioritized`/`getWaiting` would load every job.
 */
export async function readQueuePosition(queue: Queue, jobId: string): Promise<QueuePosition | null> {
  const client = await queue.getBackend().client;
  if (!clientsWithScript.has(client)) {
    client.defineCommand(commandName, { numberOfKeys: 3, lua: positionScript, readOnly: true });
    clientsWithScript.add(client);
  }
  const keys = [queue.toKey("wait"), queue.toKey("prioritized"), queue.toKey("active")];
  const reply: unknown = await client.runCommand(commandName, [...keys, jobId, maxWaitListScan]);
  if (!Array.isArray(reply) || reply.length !== 2) throw new TypeError(`unexpected queue position reply: ${JSON.stringify(reply)}`);
  const [waitingAhead, running] = reply.map(Number) as [number, number];
  return waitingAhead < 0 ? null : { waitingAhead, running };
}
