import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PayloadTooLargeError } from "@trainyard/domain";
import { maxParsedFileBytes, prepareDataset } from "./prepare-dataset.js";

describe("prepareDataset", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "trainyard-prepare-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("refuses a csv, jsonl or images file past the in-memory parse limit with 413, pointing to npy and idx", async () => {
    const path = join(dir, "big.csv");
    await writeFile(path, "");
    await truncate(path, maxParsedFileBytes + 1); // sparse: no disk is used
    for (const format of ["csv", "jsonl", "images"] as const) {
      await assert.rejects(prepareDataset({ format }, [path], dir), (error: unknown) => {
        assert.ok(error instanceof PayloadTooLargeError, String(error));
        assert.match(error.message, /parsed in memory and may be at most 256 MiB; this one is 257 MiB.*npy or idx/);
        return true;
      });
    }
  });

  test("parses a csv at the limit's side of it as before", async () => {
    const path = join(dir, "small.csv");
    await writeFile(path, "a,b,label\n1,2,0\n3,4,1\n");
    const { details } = await prepareDataset({ format: "csv" }, [path], dir);
    assert.deepEqual([details.count, details.featureShape, details.numClasses], [2, [2], 2]);
  });
});
