import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { ConflictError } from "@trainyard/domain";
import { FilesystemObjectStore } from "./filesystem-object-store.js";
import { canPresign } from "./presigned-url-store.js";
import { describeObjectStoreContract } from "./testing/describe-object-store-contract.js";

let root: string;
let storeRoot: string;
let store: FilesystemObjectStore;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "trainyard-storage-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
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

describeObjectStoreContract("FilesystemObjectStore", async () => new FilesystemObjectStore({ root: await mkdtemp(join(root, "c-")) }));

describe("FilesystemObjectStore", () => {
  beforeEach(async () => {
    // Each test gets its own store root inside the shared temp dir.
    storeRoot = await mkdtemp(join(root, "t-"));
    store = new FilesystemObjectStore({ root: storeRoot });
  });

  test("cannot hand out presigned URLs", () => {
    assert.equal(canPresign(store), false);
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



  test("refuses to put an object whose path runs through an existing object", async () => {
    await store.put("a/b", Buffer.from("x"));
    await assert.rejects(store.put("a/b/c", Buffer.from("y")), ConflictError);
    await assert.rejects(store.put("a", Buffer.from("y")), ConflictError);
    const body = Readable.from([Buffer.from("y")]);
    await assert.rejects(store.put("a/b/c", body), ConflictError);
    assert.ok(body.destroyed, "the stream body is destroyed");
  });



  test("lists nothing before the first put (the root does not exist yet)", async () => {
    const fresh = new FilesystemObjectStore({ root: join(root, "never-created") });
    assert.deepEqual(await fresh.list(""), []);
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
