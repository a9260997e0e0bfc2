import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareDataset } from "./prepare-dataset.js";

describe("prepareDataset", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "trainyard-prepare-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("converts a csv with its reading options into x.bin and y.bin in the work folder", async () => {
    const path = join(dir, "small.csv");
    await writeFile(path, "a,b,note,species\n1,2,x,cat\n3,4,y,dog\n5,6,z,cat\n");
    const { out, details } = await prepareDataset({ format: "csv", labelColumn: "species", featureColumns: "b, a" }, [path], dir);
    assert.deepEqual([details.count, details.featureShape, details.numClasses, details.labelNames], [3, [2], 2, ["cat", "dog"]]);
    assert.deepEqual([...new Float32Array((await readFile(out.x)).buffer.slice(0))], [2, 1, 4, 3, 6, 5]);
    assert.deepEqual([...new Int32Array((await readFile(out.y)).buffer.slice(0))], [0, 1, 0]);
  });

  test("converts token jsonl, recording the largest token id", async () => {
    const path = join(dir, "tokens.jsonl");
    await writeFile(path, '{"tokens":[3,9],"label":0}\n{"tokens":[4],"label":1}\n');
    const { details } = await prepareDataset({ format: "jsonl" }, [path], dir);
    assert.deepEqual([details.dtype, details.featureShape, details.maxTokenId], ["int32", [2], 9]);
  });
});
