/**
 * Returns a Redis URL safe to put in a message or a log line: the password, if any, becomes `***`.
 * A string that does not parse as a URL is returned as `(unparseable Redis URL)`.
 */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable Redis URL)";
  }
}
