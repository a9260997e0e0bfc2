import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTextChunks } from "./read-text-chunks.js";

const afterLastNewline = (text: string): number => text.lastIndexOf("\n") + 1;

describe("readTextChunks", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "trainyard-chunks-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("yields strings that end at record boundaries and join to the whole text, multi-byte characters intact", async () => {
    const text = "\ufeffhéllo,wörld\n" + Array.from({ length: 200 }, (_, i) => `${i},ça va ✓ ${"é".repeat(i % 7)}\n`).join("") + "last line without newline";
    const path = join(dir, "a.txt");
    await writeFile(path, text);
    const chunks: string[] = [];
    for await (const chunk of readTextChunks(path, { chunkBytes: 37, cut: afterLastNewline })) chunks.push(chunk);
    assert.equal(chunks.join(""), text);
    assert.ok(chunks.length > 20);
    for (const chunk of chunks.slice(0, -1)) assert.ok(chunk.endsWith("\n"), JSON.stringify(chunk));
    assert.equal(chunks.at(-1), "last line without newline");
  });

  test("holds a record longer than a chunk until it is complete, and yields an empty tail after a final newline", async () => {
    const text = `${"x".repeat(100)}\nshort\n`;
    const path = join(dir, "b.txt");
    await writeFile(path, text);
    const chunks: string[] = [];
    for await (const chunk of readTextChunks(path, { chunkBytes: 16, cut: afterLastNewline })) chunks.push(chunk);
    assert.ok(chunks[0]?.startsWith(`${"x".repeat(100)}\n`), JSON.stringify(chunks));
    assert.equal(chunks.join(""), text);
    assert.equal(chunks.at(-1), "");
  });
});
