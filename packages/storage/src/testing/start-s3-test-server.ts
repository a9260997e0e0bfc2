import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { S3Client } from "@aws-sdk/client-s3";

/** A running s3rver on loopback with one bucket, and a client for it. */
export interface S3TestServer {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  bucket: string;
  /** Connection options for an S3ObjectStore (path-style, s3rver's fixed credentials). */
  clientOptions: {
    endpoint: string;
    region: string;
    forcePathStyle: true;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** A client for the server, destroyed by `close`. */
  client: S3Client;
  /** Destroys the client, stops the server process and removes its data directory. */
  close(): Promise<void>;
}

const script = fileURLToPath(new URL("./run-s3rver.mjs", import.meta.url));

/**
 * Starts s3rver (a real S3-compatible server; it does not check signatures) in a child process on
 * 127.0.0.1 at a free port, keeping its data in a fresh temp directory, with `bucket` created.
 * Default bucket: `trainyard-test`. Gives up after `timeoutMs` (default 15000).
 */
export async function startS3TestServer(bucket = "trainyard-test", timeoutMs = 15_000): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), "trainyard-s3rver-"));
  const child = spawn(process.execPath, ["--openssl-legacy-provider", script, directory, bucket], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, "exit");
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const port = await readPort(child.stdout, timeoutMs);
    const endpoint = `http://127.0.0.1:${port}`;
    const clientOptions = {
      endpoint,
      region: "us-east-1",
      forcePathStyle: true as const,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    };
    const client = new S3Client(clientOptions);
    return {
      endpoint,
      bucket,
      clientOptions,
      client,
      async close() {
        client.destroy();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The port from the server's first stdout line `{"port":N}`. */
async function readPort(stdout: NodeJS.ReadableStream, timeoutMs: number): Promise<number> {
  const lines = createInterface({ input: stdout });
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const [line] = (await once(lines, "line", { signal: timeout })) as [string];
    const { port } = JSON.parse(line) as { port: number };
    return port;
  } catch (error) {
    if (timeout.aborted) throw new Error(`s3rver did not start within ${timeoutMs} ms`, { cause: error });
    throw error;
  } finally {
    lines.close();
  }
}
