import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { ChildMessage, ChildWorkerConfig } from "../fixtures/child-worker.js";
import { waitFor } from "./wait-for.js";

const fixture = fileURLToPath(new URL("../fixtures/child-worker.ts", import.meta.url));

/** A training worker running in a child process started with `node --import tsx`. */
export interface ChildWorker {
  messages: ChildMessage[];
  /** Waits until the child has sent a message of this type (or exited), and returns it. */
  waitForMessage<T extends ChildMessage["type"]>(type: T, timeoutMs?: number): Promise<Extract<ChildMessage, { type: T }>>;
  /** Asks the child to close its worker and waits until it has exited. */
  close(): Promise<void>;
  /** SIGKILLs the child and waits until it has exited. */
  kill(): Promise<void>;
}

export async function startChildWorker(config: ChildWorkerConfig): Promise<ChildWorker> {
  const child: ChildProcess = fork(fixture, [JSON.stringify(config)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = once(child, "exit");
  const messages: ChildMessage[] = [];
  child.on("message", (message) => messages.push(message as ChildMessage));

  const waitForMessage = async <T extends ChildMessage["type"]>(type: T, timeoutMs = 20_000) => {
    const find = () => messages.find((message) => message.type === type);
    await waitFor(`child message "${type}"`, () => find() !== undefined || child.exitCode !== null, { timeoutMs });
    const found = find();
    if (found === undefined) throw new Error(`child exited with code ${child.exitCode} before sending "${type}"`);
    return found as Extract<ChildMessage, { type: T }>;
  };

  const worker: ChildWorker = {
    messages,
    waitForMessage,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ type: "close" });
      await exited;
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
  await waitForMessage("ready");
  return worker;
}
