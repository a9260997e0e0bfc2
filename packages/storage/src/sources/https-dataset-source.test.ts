import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidInputError, PayloadTooLargeError } from "@trainyard/domain";
import { createDatasetSourceReader } from "./create-dataset-source-reader.js";
import type { DatasetSourceIo, LookupAll } from "./dataset-source-rules.js";
import { assertHostAddressesAllowed } from "./https-dataset-source.js";

function refused(message: RegExp): (error: unknown) => boolean {
  return (error) => error instanceof InvalidInputError && error.details[0]?.path === "uri" && message.test(error.message);
}

/** A fixed DNS table standing in for the resolver (the machine has no outside DNS). */
function lookupFrom(table: Record<string, string[]>): LookupAll {
  return async (host) => {
    const addresses = table[host];
    if (addresses === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
}

/** An https "server" answering from a table of URL -> Response factory, recording each request. */
function serve(routes: Record<string, () => Response>): { io: DatasetSourceIo; requested: string[] } {
  const requested: string[] = [];
  const io: DatasetSourceIo = {
    lookup: lookupFrom({ "data.example.com": ["93.184.216.34"], "cdn.example.com": ["93.184.216.35"], "evil.example.com": ["93.184.216.36"] }),
    fetch: async (input) => {
      const url = input instanceof URL ? input.href : String(input);
      requested.push(url);
      const route = routes[url];
      return route === undefined ? new Response("missing", { status: 404 }) : route();
    },
  };
  return { io, requested };
}

function redirectTo(location: string, status = 302): () => Response {
  return () => new Response(null, { status, headers: { location } });
}

const hosts = ["data.example.com", "cdn.example.com"];

describe("createDatasetSourceReader, https://", () => {
  test("refuses https:// when no host is allowed", async () => {
    const reader = createDatasetSourceReader({ maxBytes: 100 });
    await assert.rejects(reader.check("https://data.example.com/x.csv", "uri"), refused(/https:\/\/ datasets are disabled/));
    const empty = createDatasetSourceReader({ allowHttpHosts: [], maxBytes: 100 });
    await assert.rejects(empty.read("https://data.example.com/x.csv", "uri"), refused(/disabled/));
  });

  test("refuses a host that is not listed, naming the allowed ones", async () => {
    const reader = createDatasetSourceReader({ allowHttpHosts: hosts, maxBytes: 100 });
    await assert.rejects(
      reader.check("https://evil.example.com/x.csv", "uri"),
      refused(/host evil\.example\.com is not allowed; allowed: data\.example\.com, cdn\.example\.com/),
    );
    await assert.rejects(reader.check("https://data.example.com.evil.example.com/x", "uri"), refused(/not allowed/));
  });

  test("refuses plain http:// even for a listed host, and credentials in the URL", async () => {
    const reader = createDatasetSourceReader({ allowHttpHosts: hosts, maxBytes: 100 });
    await assert.rejects(reader.check("http://data.example.com/x.csv", "uri"), refused(/http:\/\/ is refused; use https:\/\//));
    await assert.rejects(reader.check("https://u:p@data.example.com/x.csv", "uri"), refused(/credentials/));
  });

  test("compares host names case-insensitively", async () => {
    const reader = createDatasetSourceReader({ allowHttpHosts: ["Data.Example.com"], maxBytes: 100 });
    await reader.check("https://DATA.example.COM/x.csv", "uri");
  });

  test("reads a listed host's body", async () => {
    const { io } = serve({ "https://data.example.com/x.csv": () => new Response("a,b\n1,2\n") });
    const reader = createDatasetSourceReader({ allowHttpHosts: hosts, maxBytes: 100 }, io);
    assert.equal((await reader.read("https://data.example.com/x.csv", "uri")).toString(), "a,b\n1,2\n");
  });

  test("follows a redirect to another listed host", async () => {
    const { io, requested } = serve({
      "https://data.example.com/x.csv": redirectTo("https://cdn.example.com/blob/1", 301),
      "https://cdn.example.com/blob/1": redirectTo("/blob/2", 307),
      "https://cdn.example.com/blob/2": () => new Response("ok"),
    });
    const reader = createDatasetSourceReader({ allowHttpHosts: hosts, maxBytes: 100 }, io);
    assert.equal((await reader.read("https://data.example.com/x.csv", "uri")).toString(), "ok");
    assert.deepEqual(requested, ["https://data.example.com/x.csv", "https://cdn.example.com/blob/1", "https://cdn.example.com/blob/2"]);
  });

  test("refuses a redirect to a host that is not listed, or to http://, without requesting it", async () => {
    const { io, requested } = serve({
      "https://data.example.com/evil": redirectTo("https://evil.example.com/x"),
      "https://data.example.com/plain": redirectTo("http://cdn.example.com/x"),
    });
    const reader = createDatasetSourceReader({ allowHttpHosts: hosts, maxBytes: 100 }, io);
    await assert.rejects(reader.read("https://data.example.com/evil", "uri"), refused(/evil\.example\.com is not allowed/));
    await assert.rejects(reader.read("https://data.example.com/plain", "uri"), refused(/http:\/\/ is refused/));
    assert.deepEqual(requested, ["https://data.example.com/evil", "https://data.example.com/plain"]);
  });

  test("gives up after five redirects", async () => {
    const routes: Record<string, () => Response> = {};
    for (let i = 0; i < 6; i++) routes[`https://data.example.com/${i}`] = redirectTo(`/${i + 1}`);
    routes["https://data.example.com/6"] = () => new Response("never");
    const { io } = serve(routes);
    const reader = createDatasetSourceReader({ allowHttpHosts: hosts, maxBytes: 100 }, io);
    await assert.rejects(reader.read("https://data.example.com/0", "uri"), refused(/more than 5 redirects/));
    assert.equal((await reader.read("https://data.example.com/1", "uri")).toString(), "never");
  });

  test("reports 404 as not found and other statuses by number", async () => {
    const { io } = serve({ "https://data.example.com/down": () => new Response("x", { status: 503 }) });
    const reader = createDatasetSourceReader({ allowHttpHosts: hosts, maxBytes: 100 }, io);
    await assert.rejects(reader.read("https://data.example.com/nope", "uri"), refused(/not found/));
    await assert.rejects(reader.read("https://data.example.com/down", "uri"), refused(/answered HTTP 503/));
  });

  test("refuses a body over maxBytes, declared or streamed", async () => {
    const big = "x".repeat(101);
    const { io } = serve({
      "https://data.example.com/declared": () => new Response(big, { headers: { "content-length": "101" } }),
      "https://data.example.com/streamed": () => new Response(new Blob([big]).stream()),
    });
    const reader = createDatasetSourceReader({ allowHttpHosts: hosts, maxBytes: 100 }, io);
    await assert.rejects(reader.read("https://data.example.com/declared", "uri"), PayloadTooLargeError);
    await assert.rejects(reader.read("https://data.example.com/streamed", "uri"), PayloadTooLargeError);
  });

  test("allows hosts by pattern, but a host allowed only by a pattern must resolve to public addresses", async () => {
    const io: DatasetSourceIo = {
      lookup: lookupFrom({ "data.example.com": ["93.184.216.34"], "internal.example.com": ["10.1.2.3"], "metadata.example.org": ["169.254.169.254"] }),
      fetch: async () => new Response("a,b\n1,0\n"),
    };
    const sub = createDatasetSourceReader({ allowHttpHosts: ["*.example.com"], maxBytes: 100 }, io);
    assert.equal((await sub.read("https://data.example.com/x.csv", "uri")).toString(), "a,b\n1,0\n");
    await assert.rejects(sub.read("https://internal.example.com/x.csv", "uri"), refused(/internal\.example\.com resolves to the non-public address 10\.1\.2\.3/));
    await assert.rejects(sub.check("https://example.com/x.csv", "uri"), refused(/not allowed/));
    await assert.rejects(sub.check("https://evilexample.com/x.csv", "uri"), refused(/not allowed/));
    const any = createDatasetSourceReader({ allowHttpHosts: ["*"], maxBytes: 100 }, io);
    await assert.rejects(any.read("https://metadata.example.org/latest", "uri"), refused(/non-public address 169\.254\.169\.254/));
    await assert.rejects(any.read("https://127.0.0.1/x.csv", "uri"), refused(/non-public address 127\.0\.0\.1/));
    const named = createDatasetSourceReader({ allowHttpHosts: ["*", "internal.example.com"], maxBytes: 100 }, io);
    assert.equal((await named.read("https://internal.example.com/x.csv", "uri")).toString(), "a,b\n1,0\n");
  });

  test("downloads a listed host's body into a file, refusing one over maxBytes as it streams", async () => {
    const dir = await mkdtemp(join(tmpdir(), "trainyard-https-download-"));
    try {
      const { io } = serve({ "https://data.example.com/x.csv": () => new Response("a,b\n1,0\n"), "https://data.example.com/big": () => new Response("x".repeat(101)) });
      const reader = createDatasetSourceReader({ allowHttpHosts: hosts, maxBytes: 100 }, io);
      assert.equal(await reader.download("https://data.example.com/x.csv", "uri", join(dir, "x.csv")), 8);
      assert.equal(await readFile(join(dir, "x.csv"), "utf8"), "a,b\n1,0\n");
      await assert.rejects(reader.download("https://data.example.com/big", "uri", join(dir, "big")), PayloadTooLargeError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("connects only to the address it checked: a host that answers public, then loopback (DNS rebinding), is refused", async () => {
    let calls = 0;
    const rebinding: LookupAll = async () => {
      calls++;
      return [{ address: calls === 1 ? "93.184.216.34" : "127.0.0.1", family: 4 }];
    };
    const reader = createDatasetSourceReader({ allowHttpHosts: ["*.example.com"], maxBytes: 100 }, { lookup: rebinding });
    await assert.rejects(reader.read("https://rebind.example.com/x.csv", "uri"), refused(/rebind\.example\.com resolves to the non-public address 127\.0\.0\.1/));
    assert.ok(calls >= 2, "checked again when connecting");
    // Listed by name, the same loopback answer is allowed: the connection itself is then attempted (nothing listens on 443).
    const listed = createDatasetSourceReader({ allowHttpHosts: ["rebind.example.com"], maxBytes: 100 }, { lookup: async () => [{ address: "127.0.0.1", family: 4 }] });
    await assert.rejects(listed.read("https://rebind.example.com/x.csv", "uri"), (error: unknown) => !(error instanceof InvalidInputError));
  });

  test("refuses a host that does not resolve", async () => {
    const { io } = serve({});
    const reader = createDatasetSourceReader({ allowHttpHosts: ["gone.example.com"], maxBytes: 100 }, io);
    await assert.rejects(reader.read("https://gone.example.com/x", "uri"), refused(/cannot resolve host gone\.example\.com/));
  });
});

describe("assertHostAddressesAllowed", () => {
  test("allows a listed host that resolves to loopback only because it is listed (real resolver)", async () => {
    const url = new URL("https://localhost/x");
    await assertHostAddressesAllowed(url, "uri", ["localhost"]);
    await assert.rejects(assertHostAddressesAllowed(url, "uri", []), refused(/localhost resolves to the non-public address/));
  });

  test("refuses private and link-local answers for a host that is not listed", async () => {
    const lookup = lookupFrom({ "a.example.com": ["93.184.216.34", "10.0.0.7"], "b.example.com": ["169.254.169.254"] });
    await assert.rejects(
      assertHostAddressesAllowed(new URL("https://a.example.com/"), "uri", [], lookup),
      refused(/non-public address 10\.0\.0\.7/),
    );
    await assert.rejects(assertHostAddressesAllowed(new URL("https://b.example.com/"), "uri", [], lookup), refused(/169\.254/));
    await assertHostAddressesAllowed(new URL("https://b.example.com/"), "uri", ["b.example.com"], lookup);
  });

  test("checks IPv6 literals without their brackets", async () => {
    await assert.rejects(assertHostAddressesAllowed(new URL("https://[::1]/"), "uri", []), refused(/non-public address ::1/));
  });
});
