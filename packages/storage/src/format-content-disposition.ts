/**
 * A `Content-Disposition: attachment` value for `filename`: a quoted ASCII fallback (quotes,
 * backslashes, control and non-ASCII characters replaced by `_`) plus the exact name in the RFC 6266
 * / RFC 5987 `filename*` form, which browsers prefer.
 */
export function formatContentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
