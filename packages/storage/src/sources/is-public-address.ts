import { BlockList, isIP } from "node:net";

/** Address ranges a dataset fetch must not reach unless the operator listed the host. */
const nonPublic = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // unspecified / "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata lives here)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  nonPublic.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // unique-local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  nonPublic.addSubnet(network, prefix, "ipv6");
}

/**
 * Whether `ip` is a public unicast address: false for loopback, private, link-local,
 * unique-local, unspecified, CGNAT, multicast and reserved ranges (IPv4-mapped IPv6 addresses
 * such as `::ffff:127.0.0.1` are judged by their IPv4 address), and false for anything that is
 * not an IP address.
 */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  return !nonPublic.check(ip, family === 6 ? "ipv6" : "ipv4");
}
