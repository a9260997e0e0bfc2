import { InvalidInputError } from "@trainyard/domain";
import { z } from "zod";

/** The position after which the next page of a job list starts: the last item's sort key. */
export interface JobCursor {
  createdAt: Date;
  id: string;
}

// guid, not uuid: Postgres accepts any 8-4-4-4-12 hex id, zod's uuid() only RFC 9562 variants.
const cursorSchema = z.object({ c: z.iso.datetime(), i: z.guid() }).strict();

/** Encodes a position as an opaque base64url string. */
export function encodeJobCursor(cursor: JobCursor): string {
  return Buffer.from(JSON.stringify({ c: cursor.createdAt.toISOString(), i: cursor.id })).toString("base64url");
}

/**
 * Decodes a cursor made by encodeJobCursor.
 * @throws InvalidInputError naming `query.cursor` when it is not one.
 */
export function parseJobCursor(cursor: string): JobCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    decoded = undefined;
  }
  const result = cursorSchema.safeParse(decoded);
  if (!result.success) {
    throw InvalidInputError.forField("query.cursor", "is not a cursor returned as nextCursor by a previous page");
  }
  return { createdAt: new Date(result.data.c), id: result.data.i };
}
