import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { InvalidInputError, PayloadTooLargeError } from "@trainyard/domain";
import { createDatasetSourceReader } from "./create-dataset-source-reader.js";

let base: string;
let root: string;

before(async () => {
  base = await mkdtemp(join(tmpdir(), "trainyard-sources-"));
  root = join(base, "root");
  await mkdir(join(root, "sub"), { recursive: true });
  await writeFile(join(root, "sub", "data.csv"), "a,b\n1,2\n");
  await writeFile(join(base, "secret.txt"), "secret");
  await symlink(join(base, "secret.txt"), join(root, "escape-link"));
  await symlink(join(root, "sub", "data.csv"), join(root, "inside-link"));
});
after(async () => {
  await rm(base, { recursive: true, force: true });
});

function refused(message: RegExp, field = "uri"): (error: unknown) => boolean {
  return (error) => error instanceof InvalidInputError && error.details[0]?.path === field && message.test(error.message);
}

describe("createDatasetSourceReader, file://", () => {
  test("reads a file inside the datasets root", async () => {
    const reader = createDatasetSourceReader({ datasetsRoot: root, maxBytes: 1000 });
    const uri = pathToFileURL(join(root, "sub", "data.csv")).href;
    await reader.check(uri, "uri");
    assert.equal((await reader.read(uri, "uri")).toString(), "a,b\n1,2\n");
  });

  test("downloads a file inside the datasets root into another file, bounded by maxBytes", async () => {
    const uri = pathToFileURL(join(root, "sub", "data.csv")).href;
    const target = join(base, "downloaded.csv");
    assert.equal(await createDatasetSourceReader({ datasetsRoot: root, maxBytes: 1000 }).download(uri, "uri", target), 8);
    assert.equal(await readFile(target, "utf8"), "a,b\n1,2\n");
    await assert.rejects(createDatasetSourceReader({ datasetsRoot: root, maxBytes: 4 }).download(uri, "uri", target), PayloadTooLargeError);
    await assert.rejects(createDatasetSourceReader({ datasetsRoot: root, maxBytes: 1000 }).download(`file://${root}/escape-link`, "uri", target), refused(/outside DATASETS_ROOT/));
  });

  test("reads through a symlink that stays inside the root", async () => {
    const reader = createDatasetSourceReader({ datasetsRoot: root, maxBytes: 1000 });
    assert.equal((await reader.read(`file://${root}/inside-link`, "uri")).toString(), "a,b\n1,2\n");
  });

  test("decodes percent-encoding before reading", async () => {
    await writeFile(join(root, "with space.csv"), "x");
    const reader = createDatasetSourceReader({ datasetsRoot: root, maxBytes: 1000 });
    assert.equal((await reader.read(`file://${root}/with%20space.csv`, "uri")).toString(), "x");
  });

  test("refuses a '..' escape from the root", async () => {
    const reader = createDatasetSourceReader({ datasetsRoot: root, maxBytes: 1000 });
    await assert.rejects(reader.check(`file://${root}/../secret.txt`, "uri"), refused(/outside DATASETS_ROOT/));
    await assert.rejects(reader.read(`file://${root}/sub/../../secret.txt`, "uri"), refused(/outside DATASETS_ROOT/));
  });

  test("refuses a percent-encoded '%2e%2e' escape from the root", async () => {
    const reader = createDatasetSourceReader({ datasetsRoot: root, maxBytes: 1000 });
    await assert.rejects(reader.check(`file://${root}/%2e%2e/secret.txt`, "uri"), refused(/outside DATASETS_ROOT/));
    await assert.rejects(reader.read(`file://${root}/sub%2F%2E%2E%2F..%2fsecret.txt`, "uri"), refused(/outside DATASETS_ROOT/));
  });

  test("refuses a symlink that points outside the root", async () => {
    const reader = createDatasetSourceReader({ datasetsRoot: root, maxBytes: 1000 });
    await assert.rejects(reader.check(`file://${root}/escape-link`, "uri"), refused(/outside DATASETS_ROOT/));
    await assert.rejects(reader.read(`file://${root}/escape-link`, "uri"), refused(/outside DATASETS_ROOT/));
  });

  test("refuses an absolute path outside the root even when it exists", async () => {
    const reader = createDatasetSourceReader({ datasetsRoot: root, maxBytes: 1000 });
    await assert.rejects(reader.read(`file://${base}/secret.txt`, "uri"), refused(/outside DATASETS_ROOT/));
    await assert.rejects(reader.read(`file://${root}`, "uri"), refused(/outside DATASETS_ROOT/));
  });

  test("reports a missing file as not found", async () => {
    const reader = createDatasetSourceReader({ datasetsRoot: root, maxBytes: 1000 });
    await assert.rejects(reader.check(`file://${root}/nope.csv`, "body.uri"), refused(/not found/, "body.uri"));
    await assert.rejects(reader.read(`file://${root}/sub/data.csv/x`, "uri"), refused(/not found/));
  });

  test("refuses a directory and a file over maxBytes", async () => {
    const reader = createDatasetSourceReader({ datasetsRoot: root, maxBytes: 3 });
    await assert.rejects(reader.read(`file://${root}/sub`, "uri"), refused(/not a regular file/));
    await assert.rejects(reader.read(`file://${root}/sub/data.csv`, "uri"), PayloadTooLargeError);
  });

  test("refuses relative paths, hosts and queries", async () => {
    const reader = createDatasetSourceReader({ datasetsRoot: root, maxBytes: 1000 });
    for (const uri of ["file:sub/data.csv", "file://host/sub/data.csv", `file://${root}/sub/data.csv?x=1`]) {
      await assert.rejects(reader.check(uri, "uri"), refused(/absolute path/), uri);
    }
  });

  test("refuses every file:// URI when no datasets root is set", async () => {
    const reader = createDatasetSourceReader({ maxBytes: 1000 });
    const uri = pathToFileURL(join(root, "sub", "data.csv")).href;
    await assert.rejects(reader.check(uri, "uri"), refused(/file:\/\/ datasets are disabled; set DATASETS_ROOT/));
    await assert.rejects(reader.read(uri, "uri"), refused(/disabled/));
  });

  test("refuses other schemes, naming the allowed ones", async () => {
    const reader = createDatasetSourceReader({ datasetsRoot: root, maxBytes: 1000 });
    for (const uri of ["ftp://example.com/x", "data:text/plain,hi", "sub/data.csv", "/etc/passwd"]) {
      await assert.rejects(reader.check(uri, "uri"), refused(/must use s3:\/\/, https:\/\/ or file:\/\//), uri);
    }
  });
});
