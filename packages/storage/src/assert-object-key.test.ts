import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { InvalidInputError } from "@trainyard/domain";
import { assertObjectKey, assertObjectKeyPrefix } from "./assert-object-key.js";

function assertRejected(run: () => void, message: RegExp): void {
  assert.throws(run, (error: unknown) => error instanceof InvalidInputError && message.test(error.message));
}

describe("assertObjectKey", () => {
  test("accepts relative slash-separated keys", () => {
    for (const key of ["x.bin", "tenants/t1/datasets/d1/x.bin", "a/..b/c..", "a/.hidden", "ünï/cödé"]) {
      assertObjectKey(key);
    }
  });

  test("rejects malformed keys, naming the rule", () => {
    assertRejected(() => assertObjectKey(""), /^key: key must not be empty/);
    assertRejected(() => assertObjectKey("/etc/passwd"), /no leading '\/'/);
    assertRejected(() => assertObjectKey("a/../../etc"), /'\.' or '\.\.' segments/);
    assertRejected(() => assertObjectKey(".."), /'\.' or '\.\.' segments/);
    assertRejected(() => assertObjectKey("a/./b"), /'\.' or '\.\.' segments/);
    assertRejected(() => assertObjectKey("a//b"), /empty segments/);
    assertRejected(() => assertObjectKey("a/b/"), /empty segments/);
    assertRejected(() => assertObjectKey("a\\b"), /backslash/);
    assertRejected(() => assertObjectKey("a\0b"), /NUL/);
    assertRejected(() => assertObjectKey("a/.trainyard-put-123"), /must not start with '\.trainyard-put-'/);
    assertRejected(() => assertObjectKey(`a/${"x".repeat(256)}`), /at most 255 bytes/);
  });

  test("names the offending key in the error details", () => {
    assert.throws(
      () => assertObjectKey("../x"),
      (error: unknown) => error instanceof InvalidInputError && error.details[0]?.path === "key",
    );
  });
});

describe("assertObjectKeyPrefix", () => {
  test("accepts the empty prefix, directory prefixes and partial segments", () => {
    for (const prefix of ["", "a", "a/", "a/b", "a/b/", "a/.."]) assertObjectKeyPrefix(prefix);
  });

  test("rejects prefixes that leave the root", () => {
    assertRejected(() => assertObjectKeyPrefix("../"), /^prefix: .*'\.\.' segments/);
    assertRejected(() => assertObjectKeyPrefix("a/../b"), /'\.\.' segments/);
    assertRejected(() => assertObjectKeyPrefix("/a"), /no leading '\/'/);
    assertRejected(() => assertObjectKeyPrefix("a\\"), /backslash/);
  });
});
