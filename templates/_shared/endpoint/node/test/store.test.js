// The store's contract, the same in the three stubs: run against the memory store, and against
// Redis when REDIS_URL is given to the tests (`REDIS_URL=redis://127.0.0.1:6379/0 npm test`).

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, test } from "node:test";
import { MemoryStore, RedisStore, StoreUnavailable } from "../src/store.js";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const opened = [];
after(() => Promise.all(opened.map((s) => s.close())));

const backends = { memory: async () => new MemoryStore({ prefix: "t" + randomBytes(4).toString("hex") }) };
if (process.env.REDIS_URL) {
  backends.redis = async (prefix = "t" + randomBytes(4).toString("hex")) => {
    const s = await RedisStore.connect(process.env.REDIS_URL, { prefix });
    opened.push(s);
    for (let i = 0; i < 100 && (await s.health()).state !== "up"; i++) await sleep(20);
    return s;
  };
}

for (const [name, open] of Object.entries(backends)) {
  describe(`store contract: ${name}`, () => {
    test("claim sets only when absent; get reads JSON values back", async () => {
      const s = await open();
      assert.equal(await s.claim("a", 60, { n: 1, list: ["x"] }), true);
      assert.equal(await s.claim("a", 60, { n: 2 }), false);
      assert.deepEqual(await s.get("a"), { n: 1, list: ["x"] });
      assert.equal(await s.get("missing"), null);
    });

    test("put replaces the value and keeps the TTL; put on a missing key creates nothing", async () => {
      const s = await open();
      assert.equal(await s.put("none", 1), false);
      assert.equal(await s.get("none"), null);
      await s.claim("k", 1, "first");
      assert.equal(await s.put("k", "second"), true);
      assert.equal(await s.get("k"), "second");
      await sleep(1300);
      assert.equal(await s.get("k"), null, "put must not have extended or cleared the TTL");
    });

    test("take returns the value once, then the key is gone", async () => {
      const s = await open();
      await s.claim("t", 60, { spent: false });
      assert.deepEqual(await s.take("t"), { spent: false });
      assert.equal(await s.take("t"), null);
      assert.equal(await s.get("t"), null);
      assert.equal(await s.claim("t", 60), true);
    });

    test("claim is atomic: 50 concurrent callers, exactly one wins", async () => {
      const s = await open();
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => s.claim("race", 60, i)));
      assert.equal(results.filter(Boolean).length, 1);
    });

    test("entries expire after their TTL", async () => {
      const s = await open();
      await s.claim("e", 1);
      assert.equal(await s.seen("m1", 1), false);
      assert.equal(await s.seen("m1", 1), true);
      await sleep(1300);
      assert.equal(await s.get("e"), null);
      assert.equal(await s.claim("e", 60), true);
      assert.equal(await s.seen("m1", 60), false);
    });

    test("keys are prefixed per Flow", async () => {
      const a = await open();
      const b = await open();
      await a.claim("same", 60, "a");
      assert.equal(await b.get("same"), null);
      assert.deepEqual(await a.health(), { backend: name, state: "up" });
    });
  });
}

if (backends.redis) {
  test("store contract: redis, 50 concurrent callers on two connections (two instances)", async () => {
    const prefix = "t" + randomBytes(4).toString("hex");
    const [a, b] = [await backends.redis(prefix), await backends.redis(prefix)];
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).claim("race2", 60)));
    assert.equal(results.filter(Boolean).length, 1);
  });
}

test("a Redis that cannot be reached fails fast with StoreUnavailable and reports down", async () => {
  const s = await RedisStore.connect("unix:///nonexistent/flow-endpoint-test.sock", { prefix: "x" });
  opened.push(s);
  const started = Date.now();
  await assert.rejects(s.get("k"), StoreUnavailable);
  await assert.rejects(s.claim("k", 60), StoreUnavailable);
  assert.deepEqual(await s.health(), { backend: "redis", state: "down" });
  assert.ok(Date.now() - started < 3000);
});
