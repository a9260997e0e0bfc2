import type { z } from "zod";
import { StoredRowError } from "../stored-row-error.js";

/**
 * Validates a value read from a column (a Json column, or text holding an enum) against the
 * schema it was written with.
 * @param what names the column and row, e.g. `jobs.spec of job <id>`, for the error message.
 * @throws StoredRowError when the value does not match.
 */
export function parseStoredValue<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(value)"}: ${issue.message}`).join("; ");
    throw new StoredRowError(`${what} does not match its schema: ${problems}`, { cause: result.error });
  }
  return result.data;
}

/** A BIGINT byte count as a number; throws StoredRowError beyond Number.MAX_SAFE_INTEGER. */
export function parseStoredSize(value: bigint, what: string): number {
  const size = Number(value);
  if (!Number.isSafeInteger(size)) throw new StoredRowError(`${what} is ${value}, beyond the largest exact number`);
  return size;
}
