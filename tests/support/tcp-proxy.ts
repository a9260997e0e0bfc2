import { createServer, connect, type Server, type Socket } from "node:net";
import { once } from "node:events";

/** A loopback TCP proxy that a test can cut, to make a server look unreachable without touching it. */
export interface TcpProxy {
  /** Port the proxy listens on (127.0.0.1). */
  port: number;
  /** Connections accepted so far (refused ones not counted). */
  readonly accepted: number;
  /**
   * Destroys every open connection (both sides, as a network cut or a server crash would) and, until
   * {@link TcpProxy.restore}, destroys each new connection as soon as it is accepted.
   */
  cut(): void;
  /** Lets new connections through again. */
  restore(): void;
  /** Stops listening and destroys every connection. */
  close(): Promise<void>;
}

/** Options of {@link startTcpProxy}. */
export interface TcpProxyOptions {
  /** Host of the server to forward to. */
  targetHost: string;
  /** Port of the server to forward to. */
  targetPort: number;
}

/**
 * Starts a TCP proxy on a free port of 127.0.0.1 that forwards every connection to the target.
 * While cut, the port still accepts connections but closes them at once: a client sees a reset or an
 * early close, the way it would while a server restarts behind a load balancer.
 */
export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let refusing = false;
  let accepted = 0;
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = connect(options.targetPort, options.targetHost);
    open.add(client);
    open.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    // Errors on either side end the pair: the client then sees what a dropped connection looks like.
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("tcp proxy: no port bound");

  const destroyAll = (): void => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  return {
    port: address.port,
    get accepted() {
      return accepted;
    },
    cut() {
      refusing = true;
      destroyAll();
    },
    restore() {
      refusing = false;
    },
    async close() {
      destroyAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
