import { maxJobPriority } from "@trainyard/contracts";

/**
 * The BullMQ priority of a job priority (0 to 10, higher is more urgent).
 *
 * BullMQ takes priority 1 first and larger numbers later, in the order added within one number (a
 * sorted set scored `priority x 2^32 + counter`). Priority 0 means "none": such jobs go to the plain
 * wait list, which BullMQ empties before it looks at any prioritized job. So 0 is never used and
 * every job lands in the one sorted set: 10 -> 1, 5 -> 6, 0 -> 11.
 *
 * @throws RangeError when `priority` is not an integer from 0 to 10 (the spec schema rules that out).
 */
export function toBullPriority(priority: number): number {
  if (!Number.isInteger(priority) || priority < 0 || priority > maxJobPriority) {
    throw new RangeError(`job priority must be an integer from 0 to ${maxJobPriority}, got ${priority}`);
  }
  return maxJobPriority + 1 - priority;
}
