import type { LookupAddress } from "node:dns";
import { InvalidInputError } from "@trainyard/domain";
import { collectBounded, noChunks, tooLarge, type BoundedSink } from "./collect-bounded.js";
import type { DatasetSourceIo, LookupAll } from "./dataset-source-rules.js";
import { createPinnedFetch } from "./pinned-fetch.js";
import { defaultLookup, vetHostAddresses } from "./vet-host-addresses.js";

/** Redirects followed before giving up. */
export const maxHttpsRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);


/**
 * Whether `hostname` is allowed by `patterns`: a host name listed exactly, `*.example.com` (any
 * host under example.com, not example.com itself), or `*` (any host). Only an exact listing also
 * lets the host resolve to a private or loopback address (see `assertHostAddressesAllowed`).
 */
export function hostMatches(hostname: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => pattern === "*" || pattern === hostname || (pattern.startsWith("*.") && hostname.endsWith(pattern.slice(1))));
}

/**
 * Checks an `https://` URL's form and host against `allowHttpHosts` (no I/O; see `hostMatches`).
 * @throws InvalidInputError on `field`: http://, credentials in the URL, host not listed, disabled.
 */
export function checkHttpsUrl(uri: string, field: string, allowHttpHosts: readonly string[] | undefined): URL {
  if (allowHttpHosts === undefined || allowHttpHosts.length === 0) {
    throw InvalidInputError.forField(field, "https:// datasets are disabled; list hosts in ALLOW_HTTP_DATASETS");
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw InvalidInputError.forField(field, `malformed URL ${JSON.stringify(uri)}`);
  }
  if (url.protocol === "http:") throw InvalidInputError.forField(field, "http:// is refused; use https://");
  if (url.protocol !== "https:") throw InvalidInputError.forField(field, `expected an https:// URL, got ${url.protocol}//`);
  if (url.username !== "" || url.password !== "") throw InvalidInputError.forField(field, "https:// URLs must not carry credentials");
  if (!hostMatches(url.hostname, allowHttpHosts)) {
    throw InvalidInputError.forField(field, `host ${url.hostname} is not allowed; allowed: ${allowHttpHosts.join(", ")}`);
  }
  return url;
}

/**
 * Resolves the URL's host and refuses loopback, private, link-local, unique-local, unspecified
 * and CGNAT addresses unless the host is listed exactly in `allowHttpHosts` (listing it by name
 * is the operator's consent; a host allowed only by a `*` pattern must resolve to public addresses).
 * @throws InvalidInputError on `field` naming the refused address.
 */
export async function assertHostAddressesAllowed(
  url: URL,
  field: string,
  allowHttpHosts: readonly string[],
  lookup: LookupAll = defaultLookup,
): Promise<LookupAddress[]> {
  return await vetHostAddresses(url.hostname.replace(/^\[(.*)\]$/, "$1"), allowHttpHosts.includes(url.hostname), field, lookup);
}

/**
 * GETs an https:// dataset, following at most {@link maxHttpsRedirects} redirects by hand and
 * re-checking every hop against the same rules; the body goes to `sink` (default: into memory)
 * with the `maxBytes` limit.
 * @throws InvalidInputError on `field` (refused hop, too many redirects, non-2xx status),
 * PayloadTooLargeError past `maxBytes`.
 */
export async function readHttpsDataset<T = Buffer>(
  uri: string,
  field: string,
  rules: { allowHttpHosts?: string[]; maxBytes: number },
  io: DatasetSourceIo = {},
  sink: BoundedSink<T> = collectBounded as BoundedSink<unknown> as BoundedSink<T>,
): Promise<T> {
  // The default fetch connects only to addresses vetted at connect time, so a host that resolves
  // to a public address for the check and a private one for the connection (DNS rebinding) fails.
  const doFetch = io.fetch ?? createPinnedFetch(field, rules.allowHttpHosts ?? [], io.lookup ?? defaultLookup);
  let url = checkHttpsUrl(uri, field, rules.allowHttpHosts);
  for (let hop = 0; ; hop++) {
    await assertHostAddressesAllowed(url, field, rules.allowHttpHosts ?? [], io.lookup);
    const response = await doFetch(url, { redirect: "manual" });
    if (redirectStatuses.has(response.status)) {
      await response.body?.cancel();
      const location = response.headers.get("location");
      if (location === null) throw InvalidInputError.forField(field, `${url.href} answered ${response.status} without a Location`);
      if (hop >= maxHttpsRedirects) throw InvalidInputError.forField(field, `more than ${maxHttpsRedirects} redirects from ${uri}`);
      url = checkHttpsUrl(new URL(location, url).href, field, rules.allowHttpHosts);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      const reason = response.status === 404 ? "not found" : `answered HTTP ${response.status}`;
      throw InvalidInputError.forField(field, `${url.href} ${reason}`);
    }
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    if (declared > rules.maxBytes) {
      await response.body?.cancel();
      throw tooLarge(url.href, rules.maxBytes);
    }
    return sink(response.body ?? noChunks(), rules.maxBytes, url.href);
  }
}
