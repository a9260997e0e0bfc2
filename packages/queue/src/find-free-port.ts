import { createServer } from "node:net";

/**
 * Asks the OS for a TCP port that is free on `host` right now. Another process may take it before the
 * caller binds it, so callers retry on "address in use".
 *
 * @param host - Interface to check. @defaultValue "127.0.0.1"
 */
export async function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close(() => reject(new Error(`could not read the port bound on ${host}`)));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
