import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { DatasetUpload } from "./spool-upload.js";

/**
 * sha256 (hex) of a JSON request body in canonical form: object keys sorted at every depth, so
 * that `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request.
 */
export function hashJsonBody(body: unknown): string {
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}

/**
 * sha256 (hex) of a spooled multipart upload: its text fields (format, name and options) and, per
 * file field, the sha256 of the file's bytes, read from the temporary file in chunks (never the
 * whole file in memory). File names are left out, as content addressing leaves them out.
 */
export async function hashUpload(upload: DatasetUpload): Promise<string> {
  const files: Record<string, string> = {};
  for (const [field, file] of upload.files) {
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(file.path)) hash.update(chunk as Buffer);
    files[field] = hash.digest("hex");
  }
  return hashJsonBody({ multipart: { fields: upload.fields, files } });
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalJson(item === undefined ? null : item)).join(",")}]`;
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
