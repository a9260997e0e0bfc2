import type { Logger } from "pino";

/**
 * Runs `start`, then waits for SIGINT or SIGTERM (or, under a supervisor, the loss of its IPC
 * channel) and runs the stop function it returned. A failed
 * start exits with status 1 and the error's message; a second signal exits at once.
 */
export async function runUntilSignal(logger: Logger, start: () => Promise<() => Promise<void>>): Promise<void> {
  let stop: (() => Promise<void>) | undefined;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, "shutting down");
    void (stop ?? (async () => undefined))()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      });
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // Started by a supervisor with an IPC channel (`npm start`'s worker): when the supervisor dies,
  // even by SIGKILL, the channel closes, and this process stops instead of running on orphaned.
  if (process.channel !== undefined) process.on("disconnect", () => onSignal("SIGTERM"));
  try {
    stop = await start();
  } catch (error) {
    logger.fatal({ err: error }, "start failed");
    process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
