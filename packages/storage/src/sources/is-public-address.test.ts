import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { isPublicAddress } from "./is-public-address.js";

describe("isPublicAddress", () => {
  test("accepts public IPv4 and IPv6 unicast addresses", () => {
    for (const ip of ["8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      assert.equal(isPublicAddress(ip), true, ip);
    }
  });

  test("refuses loopback, private, link-local, unique-local, unspecified and CGNAT addresses", () => {
    for (const ip of [
      "127.0.0.1", "127.255.255.254", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
      "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "224.0.0.1", "255.255.255.255",
      "::1", "::", "fe80::1", "febf::1", "fc00::1", "fd12:3456::1", "ff02::1",
    ]) {
      assert.equal(isPublicAddress(ip), false, ip);
    }
  });

  test("judges IPv4-mapped IPv6 addresses by their IPv4 address", () => {
    assert.equal(isPublicAddress("::ffff:127.0.0.1"), false);
    assert.equal(isPublicAddress("::ffff:7f00:1"), false);
    assert.equal(isPublicAddress("::ffff:10.0.0.1"), false);
  });

  test("treats anything that is not an IP address as not public", () => {
    for (const value of ["", "localhost", "example.com", "999.1.1.1", "[::1]"]) assert.equal(isPublicAddress(value), false, value);
  });
});
