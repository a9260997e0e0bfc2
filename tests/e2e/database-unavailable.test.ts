import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ErrorResponse } from "@trainyard/contracts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { startTestStack, type TestStack } from "../support/test-stack.js";

describe("Postgres unreachable", () => {
  let proxy: TcpProxy;
  let stack: TestStack;
  let key: string;
  before(async () => {
    proxy = await startTcpProxy({ targetHost: "127.0.0.1", targetPort: 5432 });
    stack = await startTestStack({
      worker: false,
      databaseUrlFor: (url) => {
        const through = new URL(url);
        through.hostname = "127.0.0.1";
        through.port = String(proxy.port);
        return through.toString();
      },
    });
    key = await stack.createTenantKey();
  });
  after(async () => {
    proxy.restore();
    await stack.stop();
    await proxy.close();
  });

  test("the API answers 503 with Retry-After while Postgres cannot be reached, and works again once it can", async () => {
    const list = () => stack.request().get("/v1/jobs").set("authorization", `Bearer ${key}`);
    assert.equal((await list()).status, 200);
    proxy.cut();
    const down = await list();
    assert.equal(down.status, 503, down.text);
    assert.ok(Number(down.headers["retry-after"]) > 0, JSON.stringify(down.headers));
    assert.match((down.body as ErrorResponse).message, /database is unavailable/);
    const ready = await stack.request().get("/readyz");
    assert.equal(ready.status, 503);
    proxy.restore();
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await list()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200);
  });
});
