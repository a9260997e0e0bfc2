import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";

const workerEntry = fileURLToPath(new URL("../../../worker/src/main.ts", import.meta.url));

/** A worker child process supervised by the zero-config start. */
export interface SupervisedWorker {
  stop(): Promise<void>;
}

/**
 * Starts `apps/worker` as a child process with the given environment and restarts it (after a
 * short pause) whenever it exits on its own. stop() sends SIGTERM and waits, SIGKILL after `graceMs`.
 */
export function superviseWorker(options: { env: NodeJS.ProcessEnv; logger: Logger; graceMs?: number }): SupervisedWorker {
  const { logger } = options;
  const graceMs = options.graceMs ?? 30_000;
  let child: ChildProcess | undefined;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;

  const start = (): void => {
    // Its own process group, so a terminal's Ctrl-C reaches only the supervisor, which then stops the
    // worker once with SIGTERM; the IPC channel lets the worker notice if the supervisor dies.
    const proc = spawn(process.execPath, ["--import", "tsx", workerEntry], {
      env: options.env,
      stdio: ["inherit", "inherit", "inherit", "ipc"],
      detached: true,
    });
    child = proc;
    logger.info({ pid: proc.pid }, "worker process started");
    proc.on("exit", (code, signal) => {
      if (stopping) return;
      logger.error({ code, signal }, "worker process exited; restarting in 2 s");
      restartTimer = setTimeout(start, 2000);
    });
  };
  start();

  return {
    stop: async () => {
      stopping = true;
      if (restartTimer !== undefined) clearTimeout(restartTimer);
      const proc = child;
      if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const killTimer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
        proc.once("exit", () => {
          clearTimeout(killTimer);
          resolve();
        });
        proc.kill("SIGTERM");
      });
    },
  };
}
