/** Prisma error codes that mean the database could not be reached or answered too late. */
const unreachableCodes = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** What node-postgres says when a connection fails or is cut (Prisma passes these through). */
const unreachableMessages = /Connection terminated|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|timeout exceeded when trying to connect|server closed the connection|the database system is (starting up|shutting down)/i;

/**
 * Whether `error` (or one of its causes) means Postgres is unreachable, rather than a query that
 * failed: the API answers those with 503 and a retry hint instead of 500.
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (typeof current !== "object") return false;
    const { name, code, message, cause } = current as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    if (name === "PrismaClientInitializationError") return true;
    if (typeof code === "string" && unreachableCodes.has(code)) return true;
    if (typeof message === "string" && unreachableMessages.test(message)) return true;
    if ((cause as { kind?: unknown } | undefined)?.kind === "DatabaseNotReachable") return true;
    current = cause;
  }
  return false;
}
