import type { z } from "zod";
import { InvalidInputError } from "@trainyard/domain";

/** Parses a request body the route could not validate itself (multipart fields, JSON on a multipart route). */
export function parseBody<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ path: ["body", ...issue.path.map(String)].join("."), message: issue.message }));
  throw new InvalidInputError(details.map((d) => `${d.path}: ${d.message}`).join("; "), details);
}
