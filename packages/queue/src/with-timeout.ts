/**
 * Settles like `promise`, or rejects with `makeError()` once `timeoutMs` have passed first.
 * The timer is always cleared, so it never keeps the process alive.
 */
export async function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  makeError: () => Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(makeError()), timeoutMs);
  });
  try {
    // Promise.race subscribes to `promise`, so a rejection after the timeout is handled, not unhandled.
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
