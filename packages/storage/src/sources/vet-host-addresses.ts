import type { LookupAddress } from "node:dns";
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { InvalidInputError } from "@trainyard/domain";
import type { LookupAll } from "./dataset-source-rules.js";
import { isPublicAddress } from "./is-public-address.js";

/** The system resolver, every address of a host in the resolver's order. */
export const defaultLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * The addresses of `host` (no brackets), all public unless `listedByName`.
 * @throws InvalidInputError on `field` when the host does not resolve or an address is refused.
 */
export async function vetHostAddresses(host: string, listedByName: boolean, field: string, lookup: LookupAll = defaultLookup): Promise<LookupAddress[]> {
  // An address literal is its own answer (no resolver needed).
  const literal = isIP(host);
  const addresses = literal !== 0 ? [{ address: host, family: literal }] : await lookup(host).catch((error: unknown) => {
    throw Object.assign(InvalidInputError.forField(field, `cannot resolve host ${host}`), { cause: error });
  });
  if (addresses.length === 0) throw InvalidInputError.forField(field, `host ${host} has no address`);
  if (listedByName) return addresses;
  const blocked = addresses.find((entry) => !isPublicAddress(entry.address));
  if (blocked !== undefined) {
    throw InvalidInputError.forField(field, `host ${host} resolves to the non-public address ${blocked.address}`);
  }
  return addresses;
}

