import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { ConflictError, InvalidInputError, NotFoundError } from "@trainyard/domain";
import { FilesystemObjectStore } from "./filesystem-object-store.js";

let root: string;
let storeRoot: string;
let store: FilesystemObjectStore;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "trainyard-storage-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  // Each test gets its own store root inside the shared temp dir.
  storeRoot = await mkdtemp(join(root, "t-"));
  store = new FilesystemObjectStore({ root: storeRoot });
});

/** Polls `check` until it is true or the deadline passes. */
async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function filesIn(directory: string): Promise<string[]> {
  return readdir(directory, { recursive: true });
}

describe("FilesystemObjectStore", () => {
  test("puts bytes and reads them back whole, as a stream and as a size", async () => {
    const result = await store.put("tenants/t1/x.bin", Buffer.from("hello"));
    assert.deepEqual(result, { sizeBytes: 5 });
    assert.equal((await store.getBuffer("tenants/t1/x.bin")).toString(), "hello");
    assert.equal(await text(await store.get("tenants/t1/x.bin")), "hello");
    assert.deepEqual(await store.stat("tenants/t1/x.bin"), { sizeBytes: 5 });
  });

  test("replaces an existing object", async () => {
    await store.put("k", Buffer.from("first version"));
    await store.put("k", new Uint8Array([1, 2]));
    assert.deepEqual([...(await store.getBuffer("k"))], [1, 2]);
  });

  test("puts an empty object", async () => {
    assert.deepEqual(await store.put("empty", new Uint8Array(0)), { sizeBytes: 0 });
    assert.deepEqual(await store.stat("empty"), { sizeBytes: 0 });
  });

  test("puts a large stream and counts its bytes", async () => {
    const chunk = Buffer.alloc(64 * 1024, 7);
    const chunks = 160;
    const hash = createHash("sha256");
    for (let i = 0; i < chunks; i++) hash.update(chunk);
    const body = Readable.from((function* () { for (let i = 0; i < chunks; i++) yield chunk; })());
    assert.deepEqual(await store.put("big.bin", body), { sizeBytes: chunks * chunk.length });
    const stored = createHash("sha256").update(await store.getBuffer("big.bin")).digest("hex");
    assert.equal(stored, hash.digest("hex"));
  });

  test("writes stream chunks to disk as they arrive and shows the object only when complete", async () => {
    const body = new Readable({ read() {} });
    const directory = join(storeRoot, "d");
    const putting = store.put("d/streamed", body);
    body.push(Buffer.alloc(1000, 1));
    await waitFor(async () => {
      const names = await readdir(directory).catch(() => []);
      const sizes = await Promise.all(names.map(async (name) => (await stat(join(directory, name))).size));
      return sizes.some((size) => size === 1000);
    }, "the first chunk on disk");
    assert.equal(await store.stat("d/streamed"), null);
    assert.deepEqual(await store.list("d/"), []);
    body.push(Buffer.alloc(500, 2));
    body.push(null);
    assert.deepEqual(await putting, { sizeBytes: 1500 });
    assert.deepEqual(await store.list("d/"), ["d/streamed"]);
  });

  test("leaves no object and no temp file when the stream fails", async () => {
    await store.put("keep/old", Buffer.from("old"));
    const body = new Readable({ read() {} });
    const putting = store.put("keep/old", body);
    body.push(Buffer.from("partial"));
    body.destroy(new Error("client went away"));
    await assert.rejects(putting, /client went away/);
    assert.equal((await store.getBuffer("keep/old")).toString(), "old");
    assert.deepEqual(await filesIn(join(storeRoot, "keep")), ["old"]);
  });

  test("reports a missing object as NotFoundError before any stream is returned", async () => {
    await assert.rejects(store.get("nope/x.bin"), NotFoundError);
    await assert.rejects(store.getBuffer("nope/x.bin"), NotFoundError);
    assert.equal(await store.stat("nope/x.bin"), null);
  });

  test("treats a directory and a path through an object as missing", async () => {
    await store.put("a/b", Buffer.from("x"));
    await assert.rejects(store.get("a"), NotFoundError);
    await assert.rejects(store.getBuffer("a"), NotFoundError);
    assert.equal(await store.stat("a"), null);
    await assert.rejects(store.get("a/b/c"), NotFoundError);
    assert.equal(await store.stat("a/b/c"), null);
  });

  test("refuses to put an object whose path runs through an existing object", async () => {
    await store.put("a/b", Buffer.from("x"));
    await assert.rejects(store.put("a/b/c", Buffer.from("y")), ConflictError);
    await assert.rejects(store.put("a", Buffer.from("y")), ConflictError);
    const body = Readable.from([Buffer.from("y")]);
    await assert.rejects(store.put("a/b/c", body), ConflictError);
    assert.ok(body.destroyed, "the stream body is destroyed");
  });

  test("deletes an object, and deleting a missing one is fine", async () => {
    await store.put("x/y", Buffer.from("1"));
    await store.delete("x/y");
    assert.equal(await store.stat("x/y"), null);
    await store.delete("x/y");
    await store.delete("never/was");
    await store.delete("x");
  });

  test("lists keys under a prefix, recursively and sorted", async () => {
    for (const key of ["t/b/2", "t/a", "t/b/1", "t/c/d/e", "u/z", "tz"]) await store.put(key, Buffer.from(key));
    assert.deepEqual(await store.list("t/"), ["t/a", "t/b/1", "t/b/2", "t/c/d/e"]);
    assert.deepEqual(await store.list("t"), ["t/a", "t/b/1", "t/b/2", "t/c/d/e", "tz"]);
    assert.deepEqual(await store.list("t/b"), ["t/b/1", "t/b/2"]);
    assert.deepEqual(await store.list("t/b/1"), ["t/b/1"]);
    assert.deepEqual(await store.list(""), ["t/a", "t/b/1", "t/b/2", "t/c/d/e", "tz", "u/z"]);
    assert.deepEqual(await store.list("missing/"), []);
  });

  test("lists nothing before the first put (the root does not exist yet)", async () => {
    const fresh = new FilesystemObjectStore({ root: join(root, "never-created") });
    assert.deepEqual(await fresh.list(""), []);
  });

  test("rejects malformed keys and prefixes on every method", async () => {
    await assert.rejects(store.put("../escape", Buffer.from("x")), InvalidInputError);
    await assert.rejects(store.put("/abs", Buffer.from("x")), InvalidInputError);
    await assert.rejects(store.get("a\\b"), InvalidInputError);
    await assert.rejects(store.getBuffer(""), InvalidInputError);
    await assert.rejects(store.stat("a/../b"), InvalidInputError);
    await assert.rejects(store.delete("a\0"), InvalidInputError);
    await assert.rejects(store.list("../"), InvalidInputError);
  });

  test("concurrent puts of one key leave one whole version and readers never see a partial one", async () => {
    const size = 512 * 1024;
    const versions = Array.from({ length: 8 }, (_, i) => Buffer.alloc(size, i + 1));
    await store.put("race", Buffer.alloc(size, 0));
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const bytes = await store.getBuffer("race");
        assert.equal(bytes.length, size);
        assert.ok(bytes.every((b) => b === bytes[0]), "a read saw a mix of two versions");
      }
    })();
    await Promise.all(
      versions.map((version, i) =>
        store.put("race", i % 2 === 0 ? version : Readable.from([version.subarray(0, 1000), version.subarray(1000)])),
      ),
    );
    writing = false;
    await reader;
    const final = await store.getBuffer("race");
    assert.ok(versions.some((version) => version.equals(final)));
    assert.deepEqual(await store.list(""), ["race"]);
    assert.deepEqual(await filesIn(storeRoot), ["race"]);
  });
});
