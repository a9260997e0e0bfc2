import assert from "node:assert/strict";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { Redis } from "ioredis";
import { findFreePort } from "../src/find-free-port.js";
import { ensureRedis, probeRedis, RedisUnavailableError, type EnsuredRedis } from "../src/index.js";
import { redisUrl, silentLogger } from "./helpers/test-queue.js";

describe("ensureRedis", () => {
  let dataDir: string;
  let ensured: EnsuredRedis | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "trainyard-ensure-redis-"));
  });

  afterEach(async () => {
    await ensured?.stop();
    ensured = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  test("starts a private redis-server without persistence when nothing answers, and stop() ends it", async () => {
    const deadUrl = `redis://127.0.0.1:${await findFreePort()}`;

    ensured = await ensureRedis({ dataDir, probeUrl: deadUrl, logger: silentLogger });

    assert.equal(ensured.started, true);
    assert.match(ensured.url, /^redis:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(ensured.url, deadUrl);
    assert.ok((await stat(join(dataDir, "redis"))).isDirectory());
    const client = new Redis(ensured.url);
    try {
      assert.deepEqual(await client.config("GET", "save"), ["save", ""]);
      assert.deepEqual(await client.config("GET", "appendonly"), ["appendonly", "no"]);
      assert.deepEqual(await client.config("GET", "dir"), ["dir", join(dataDir, "redis")]);
    } finally {
      await client.quit();
    }

    await ensured.stop();
    assert.equal((await probeRedis(ensured.url, 500)).ok, false);
  });

  test("uses the Redis at the probe URL when it answers, and starts nothing", async () => {
    ensured = await ensureRedis({ dataDir, probeUrl: redisUrl, logger: silentLogger });

    assert.deepEqual({ url: ensured.url, started: ensured.started }, { url: redisUrl, started: false });
  });

  test("checks a given url without starting anything, and names it when it does not answer", async () => {
    const given = await ensureRedis({ url: redisUrl, dataDir, logger: silentLogger });
    assert.deepEqual({ url: given.url, started: given.started }, { url: redisUrl, started: false });

    const port = await findFreePort();
    await assert.rejects(
      ensureRedis({ url: `redis://:hunter2@127.0.0.1:${port}`, dataDir, logger: silentLogger }),
      (error: unknown) => {
        assert.ok(error instanceof RedisUnavailableError);
        assert.match(error.message, new RegExp(`Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port} \\(REDIS_URL\\) does not answer: .*ECONNREFUSED`));
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      },
    );
  });

  test("says how to get Redis when nothing answers and redis-server is not installed", async () => {
    const deadUrl = `redis://127.0.0.1:${await findFreePort()}`;

    await assert.rejects(
      ensureRedis({ dataDir, probeUrl: deadUrl, redisServerCommand: "trainyard-no-such-redis-server", logger: silentLogger }),
      (error: unknown) => {
        assert.ok(error instanceof RedisUnavailableError);
        assert.match(error.message, /No Redis answers at redis:\/\/127\.0\.0\.1:\d+/);
        assert.match(error.message, /apt-get install redis-server/);
        assert.match(error.message, /brew install redis/);
        assert.match(error.message, /docker run -d -p 6379:6379 redis:7/);
        assert.match(error.message, /REDIS_URL/);
        return true;
      },
    );
  });
});
