import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdir } from "node:fs/promises";
import type { Logger } from "pino";
import { probeRedis } from "./probe-redis.js";
import { RedisServerNotFoundError } from "./redis-server-not-found-error.js";
import { RedisUnavailableError } from "./redis-unavailable-error.js";

/** Options of {@link spawnRedisServer}. */
export interface SpawnRedisServerOptions {
  /** Executable to run, looked up on the PATH. */
  command: string;
  /** Working directory of the server (created if missing). Nothing is persisted there. */
  dir: string;
  /** Port on 127.0.0.1. */
  port: number;
  /** How long to wait until the server answers. */
  startTimeoutMs: number;
  logger: Logger;
}

/** A private Redis server owned by this process. */
export interface SpawnedRedisServer {
  url: string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
}

const outputTailLines = 20;
const pollIntervalMs = 100;

/**
 * Starts `redis-server` on 127.0.0.1:`port` without persistence (`--save "" --appendonly no`): Postgres
 * is the system of record, and every deployment must already cope with an empty Redis. Resolves once
 * it answers PING. The server is also killed when this process exits normally.
 *
 * @throws {@link RedisServerNotFoundError} when `command` cannot be run.
 * @throws {@link RedisUnavailableError} when it exits or stays silent for `startTimeoutMs`, with its output.
 */
export async function spawnRedisServer(options: SpawnRedisServerOptions): Promise<SpawnedRedisServer> {
  await mkdir(options.dir, { recursive: true });
  const url = `redis://127.0.0.1:${options.port}`;
  const args = ["--port", String(options.port), "--bind", "127.0.0.1", "--protected-mode", "yes"];
  args.push("--dir", options.dir, "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "");
  const child = spawn(options.command, args, { stdio: ["ignore", "pipe", "pipe"] });

  const tail: string[] = [];
  const keepOutput = (chunk: string): void => {
    for (const line of chunk.split("\n")) {
      if (line.trim() === "") continue;
      tail.push(line);
      options.logger.debug({ line }, "redis-server output");
    }
    tail.splice(0, Math.max(0, tail.length - outputTailLines));
  };
  child.stdout?.setEncoding("utf8").on("data", keepOutput);
  child.stderr?.setEncoding("utf8").on("data", keepOutput);

  try {
    await once(child, "spawn");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new RedisServerNotFoundError(options.command);
    throw error;
  }
  child.on("error", (error) => options.logger.warn({ err: error }, "redis-server process error"));
  const exited = once(child, "exit");
  const killOnExit = (): void => {
    child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener("exit", killOnExit);
    await stopChild(child, exited);
  };

  const deadline = Date.now() + options.startTimeoutMs;
  while (!(await probeRedis(url, 500)).ok) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop();
      const why = child.exitCode !== null ? `exited with code ${child.exitCode}` : "did not answer in time";
      throw new RedisUnavailableError(
        `redis-server on port ${options.port} ${why}; last output:\n${tail.join("\n")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
  options.logger.info({ port: options.port, dir: options.dir }, "private redis-server started");
  return { url, stop };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
