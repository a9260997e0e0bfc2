import { mkdir } from "node:fs/promises";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { Logger } from "pino";
import { silentLogger } from "../silent-logger.js";
import { lockDataDir } from "./lock-data-dir.js";
import { ProtocolGuardedPGlite } from "./protocol-guarded-pglite.js";

export interface EmbeddedPostgresOptions {
  /** Directory holding the database files; created when missing, reused (with its data) when present. */
  dataDir: string;
  /** TCP port on 127.0.0.1. Default: a free port chosen by the OS. */
  port?: number;
  /** Client connections served at once (every pool connection of every process counts). Default: 100. */
  maxConnections?: number;
  /** Default: a logger that logs nothing. */
  logger?: Logger;
}

export interface EmbeddedPostgres {
  /** Connection URL for `pg`, Prisma and the migration runner. */
  url: string;
  /** Closes client connections (rolling back open transactions), the server and the database. */
  stop(): Promise<void>;
}

/**
 * Starts Postgres in-process (PGlite, PostgreSQL compiled to WASM) with its data in `dataDir`,
 * served over TCP on 127.0.0.1 so that other processes can connect as to any Postgres.
 * Only one process may serve a directory at a time (a pid lock file inside it; a crashed
 * owner's lock is taken over).
 * All connections share one Postgres session and run one at a time; a client's explicit
 * transaction or extended-protocol query is never interleaved with another client's
 * (see ProtocolGuardedPGlite and the package README).
 * @throws DataDirLockedError when a live process already serves `dataDir`.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const logger = options.logger ?? silentLogger;
  const startedAt = Date.now();
  await mkdir(options.dataDir, { recursive: true });
  const unlock = await lockDataDir(options.dataDir);
  let db: ProtocolGuardedPGlite | undefined;
  try {
    db = new ProtocolGuardedPGlite(options.dataDir);
    await db.waitReady;
    const server = new PGLiteSocketServer({
      db,
      host: "127.0.0.1",
      port: options.port ?? 0,
      maxConnections: options.maxConnections ?? 100,
    });
    server.addEventListener("error", (event) => {
      logger.warn({ err: (event as CustomEvent<unknown>).detail }, "embedded postgres connection error");
    });
    await server.start();
    const port = Number(server.getServerConn().split(":").at(-1));
    logger.info({ port, ms: Date.now() - startedAt }, "embedded postgres listening");
    const stop = once(async () => {
      try {
        await server.stop();
        await server.db.close();
      } finally {
        await unlock();
      }
      logger.info("embedded postgres stopped");
    });
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    await db?.close().catch(() => undefined);
    await unlock();
    throw error;
  }
}

/** Runs `fn` on the first call only; later calls share its promise. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
