import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import type { TestStack } from "./test-stack.js";

/** A worker started as its own process (`npm run worker`'s entry point) against a test stack. */
export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker logged "worker ready". */
  ready: Promise<void>;
  /** Sends `signal` and waits for the process to exit; returns its exit code or signal. */
  stop(signal?: NodeJS.Signals): Promise<string>;
  /** Resolves with the exit code or signal once the process has exited, however it ended. */
  exited: Promise<string>;
  /** The worker's last log lines (pino JSON, at most about 200 KB), for assertions and failure messages. */
  log(): string;
}

/**
 * Starts a worker process on the stack's database, queue and object store. `env` adds to (or
 * overrides) the worker's environment, e.g. JOB_LOCK_SECONDS for quick redelivery.
 */
export function startWorkerProcess(stack: TestStack, workerId: string, env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "apps/worker/src/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: stack.databaseUrl,
      REDIS_URL: stack.redisUrl,
      QUEUE_NAME: stack.queueName,
      STORAGE_DIR: stack.storageDir,
      WORKER_ID: workerId,
      TF_BACKEND: "wasm",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let logTail = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    logTail += chunk.toString();
    if (logTail.length > 400_000) logTail = logTail.slice(-200_000);
  });
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => resolve(String(code ?? signal)));
  });
  const ready = new Promise<void>((resolve, reject) => {
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      if (buffered.includes('"msg":"worker ready"')) resolve();
      if (buffered.length > 1_000_000) buffered = buffered.slice(-10_000);
    });
    child.once("exit", (code, signal) => reject(new Error(`worker ${workerId} exited before it was ready (${code ?? signal})`)));
  });
  ready.catch(() => undefined);
  return {
    child,
    ready,
    exited,
    log: () => logTail,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return String(child.exitCode ?? child.signalCode);
      const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
      child.kill(signal);
      const [code, killedBy] = await exited;
      return String(code ?? killedBy);
    },
  };
}
