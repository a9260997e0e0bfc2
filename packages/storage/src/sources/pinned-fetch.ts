import type { LookupAddress } from "node:dns";
import { Agent, fetch as undiciFetch } from "undici";
import type { LookupAll } from "./dataset-source-rules.js";
import { vetHostAddresses } from "./vet-host-addresses.js";

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A fetch whose connections resolve their host through `vetHostAddresses`: private and loopback
 * addresses are refused at connect time too (unless the host is listed by name in
 * `allowHttpHosts`), so the address checked is the address connected to. A refusal surfaces as the
 * InvalidInputError on `field`.
 */
export function createPinnedFetch(field: string, allowHttpHosts: readonly string[], lookup: LookupAll): typeof fetch {
  const agent = new Agent({
    connect: {
      lookup: (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
        vetHostAddresses(hostname, allowHttpHosts.includes(hostname), field, lookup).then(
          (addresses) => {
            const [first] = addresses;
            if (options.all === true) callback(null, addresses);
            else if (first !== undefined) callback(null, first.address, first.family);
          },
          (error: unknown) => callback(error as NodeJS.ErrnoException, ""),
        );
      },
    },
  });
  return (async (input: string | URL | Request, init?: RequestInit) => {
    try {
      return (await undiciFetch(input as string | URL, { ...(init as object), dispatcher: agent })) as unknown as Response;
    } catch (error) {
      // undici wraps connection errors as "fetch failed" with the cause inside.
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof Error && cause.name === "InvalidInputError") throw cause;
      throw error;
    }
  }) as typeof fetch;
}
