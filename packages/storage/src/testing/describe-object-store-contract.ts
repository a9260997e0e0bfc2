import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { InvalidInputError, NotFoundError, type ObjectStore } from "@trainyard/domain";

/** A generated stream of `chunks` copies of `chunk`, never held whole in memory. */
export function repeatedStream(chunk: Buffer, chunks: number): Readable {
  return Readable.from((function* () { for (let i = 0; i < chunks; i++) yield chunk; })());
}

/**
 * The behaviour every ObjectStore must have, as a `describe` block named `name`. `makeStore` is
 * called before each test and must return an empty store of its own.
 */
export function describeObjectStoreContract(name: string, makeStore: () => ObjectStore | Promise<ObjectStore>): void {
  describe(`${name} (ObjectStore contract)`, () => {
    let store: ObjectStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    test("puts bytes and reads them back whole, as a stream and as a size", async () => {
      const result = await store.put("tenants/t1/x.bin", Buffer.from("hello"));
      assert.deepEqual(result, { sizeBytes: 5 });
      assert.equal((await store.getBuffer("tenants/t1/x.bin")).toString(), "hello");
      assert.equal(await text(await store.get("tenants/t1/x.bin")), "hello");
      assert.deepEqual(await store.stat("tenants/t1/x.bin"), { sizeBytes: 5 });
    });

    test("keeps non-ASCII keys and arbitrary bytes intact", async () => {
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      await store.put("ünï/cödé y+z.bin", bytes);
      assert.ok((await store.getBuffer("ünï/cödé y+z.bin")).equals(bytes));
      assert.deepEqual(await store.list("ünï/"), ["ünï/cödé y+z.bin"]);
    });

    test("replaces an existing object", async () => {
      await store.put("k", Buffer.from("first version"));
      await store.put("k", new Uint8Array([1, 2]));
      assert.deepEqual([...(await store.getBuffer("k"))], [1, 2]);
      await store.put("k", Readable.from([Buffer.from("third")]));
      assert.equal((await store.getBuffer("k")).toString(), "third");
    });

    test("puts an empty object from bytes and from a stream", async () => {
      assert.deepEqual(await store.put("empty", new Uint8Array(0)), { sizeBytes: 0 });
      assert.deepEqual(await store.stat("empty"), { sizeBytes: 0 });
      assert.deepEqual(await store.put("empty-stream", Readable.from([])), { sizeBytes: 0 });
      assert.equal((await store.getBuffer("empty-stream")).length, 0);
    });

    test("puts a large stream and counts its bytes", async () => {
      const chunk = Buffer.alloc(64 * 1024, 7);
      const chunks = 160;
      const hash = createHash("sha256");
      for (let i = 0; i < chunks; i++) hash.update(chunk);
      assert.deepEqual(await store.put("big.bin", repeatedStream(chunk, chunks)), { sizeBytes: chunks * chunk.length });
      const stored = createHash("sha256").update(await store.getBuffer("big.bin")).digest("hex");
      assert.equal(stored, hash.digest("hex"));
    });

    test("keeps the previous object and destroys the stream when the stream fails", async () => {
      await store.put("keep/old", Buffer.from("old"));
      const body = new Readable({ read() {} });
      const putting = store.put("keep/old", body);
      body.push(Buffer.from("partial"));
      body.destroy(new Error("client went away"));
      await assert.rejects(putting, /client went away/);
      assert.ok(body.destroyed);
      assert.equal((await store.getBuffer("keep/old")).toString(), "old");
      assert.deepEqual(await store.list("keep/"), ["keep/old"]);
    });

    test("reports a missing object as NotFoundError before any stream is returned", async () => {
      await assert.rejects(store.get("nope/x.bin"), NotFoundError);
      await assert.rejects(store.getBuffer("nope/x.bin"), NotFoundError);
      assert.equal(await store.stat("nope/x.bin"), null);
    });

    test("reads a byte range from the middle, clipped at the end, and empty past the end", async () => {
      const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
      await store.put("ranges/x.bin", bytes);
      assert.ok((await store.readRange("ranges/x.bin", 100, 250)).equals(bytes.subarray(100, 350)));
      assert.ok((await store.readRange("ranges/x.bin", 0, 1)).equals(bytes.subarray(0, 1)));
      assert.ok((await store.readRange("ranges/x.bin", 900, 500)).equals(bytes.subarray(900)));
      assert.ok((await store.readRange("ranges/x.bin", 0, 1000)).equals(bytes));
      assert.equal((await store.readRange("ranges/x.bin", 1000, 10)).length, 0);
      assert.equal((await store.readRange("ranges/x.bin", 5000, 10)).length, 0);
      assert.equal((await store.readRange("ranges/x.bin", 10, 0)).length, 0);
    });

    test("reads ranges of a large object without reading it whole", async () => {
      const chunk = Buffer.alloc(64 * 1024);
      for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 7) % 256;
      await store.put("ranges/big.bin", repeatedStream(chunk, 80));
      const offset = 3 * 1024 * 1024 + 5;
      const range = await store.readRange("ranges/big.bin", offset, 1024 * 1024);
      assert.equal(range.length, 1024 * 1024);
      for (const i of [0, 1, 12_345, range.length - 1]) assert.equal(range[i], chunk[(offset + i) % chunk.length]);
    });

    test("reports a missing object's range as NotFoundError and refuses a bad range", async () => {
      await assert.rejects(store.readRange("nope/x.bin", 0, 10), NotFoundError);
      await assert.rejects(store.readRange("nope/x.bin", 0, 0), NotFoundError);
      await store.put("ranges/y.bin", Buffer.from("abc"));
      await assert.rejects(store.readRange("ranges/y.bin", -1, 2), RangeError);
      await assert.rejects(store.readRange("ranges/y.bin", 0, 1.5), RangeError);
      await assert.rejects(store.readRange("../x", 0, 1), InvalidInputError);
    });

    test("treats a key's parent and a path through an object as missing", async () => {
      await store.put("a/b", Buffer.from("x"));
      await assert.rejects(store.get("a"), NotFoundError);
      await assert.rejects(store.getBuffer("a"), NotFoundError);
      assert.equal(await store.stat("a"), null);
      await assert.rejects(store.get("a/b/c"), NotFoundError);
      assert.equal(await store.stat("a/b/c"), null);
    });

    test("deletes an object, and deleting a missing one is fine", async () => {
      await store.put("x/y", Buffer.from("1"));
      await store.delete("x/y");
      assert.equal(await store.stat("x/y"), null);
      await assert.rejects(store.get("x/y"), NotFoundError);
      await store.delete("x/y");
      await store.delete("never/was");
      await store.delete("x");
      assert.deepEqual(await store.list(""), []);
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

    test("lists nothing in an empty store", async () => {
      assert.deepEqual(await store.list(""), []);
    });

    test("rejects malformed keys and prefixes on every method", async () => {
      await assert.rejects(store.put("../escape", Buffer.from("x")), InvalidInputError);
      await assert.rejects(store.put("/abs", Buffer.from("x")), InvalidInputError);
      await assert.rejects(store.get("a\\b"), InvalidInputError);
      await assert.rejects(store.getBuffer(""), InvalidInputError);
      await assert.rejects(store.stat("a/../b"), InvalidInputError);
      await assert.rejects(store.delete("a\0"), InvalidInputError);
      await assert.rejects(store.list("../"), InvalidInputError);
      assert.deepEqual(await store.list(""), []);
    });
  });
}
