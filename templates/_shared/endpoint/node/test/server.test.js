// The server as WhatsApp and attackers see it: key formats at startup, every status code of the
// data endpoint, and a ping that still works after each bad request.

import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as handler from "../src/handler.js";
import { aesGcm } from "../src/crypto.js";
import { issueToken } from "../src/token.js";
import { APP_SECRET, assertAlive, config, contract, encryptRequest, exchange, failedStart, post, startServer, testKeys } from "./helpers.js";

const version = config.data_api_version;

describe("startup", { skip: !handler.hasDataEndpoint && "this use case has no data endpoint" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "flow-keys-"));
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pems = {
    "PKCS#1 with legacy PEM encryption (openssl genrsa -des3)": pair.privateKey.export({ type: "pkcs1", format: "pem", cipher: "des-ede3-cbc", passphrase: "pass phrase" }),
    "encrypted PKCS#8": pair.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pass phrase" }),
    "plain PKCS#8": pair.privateKey.export({ type: "pkcs8", format: "pem" }),
    "plain PKCS#1": pair.privateKey.export({ type: "pkcs1", format: "pem" }),
  };

  for (const [kind, pem] of Object.entries(pems)) {
    test(`loads ${kind} from PRIVATE_KEY_FILE`, async () => {
      const file = join(dir, kind.replace(/\W+/g, "_") + ".pem");
      writeFileSync(file, pem, { mode: 0o600 });
      const s = await startServer({ PRIVATE_KEY_FILE: file, PASSPHRASE: "pass phrase", APP_SECRET });
      try {
        const r = await exchange(s.url, { version, action: "ping" }, { publicKey: pair.publicKey });
        assert.deepEqual(r.response, { data: { status: "active" } });
      } finally {
        await s.stop();
      }
    });
  }

  test("loads PRIVATE_KEY text and warns when APP_SECRET is unset", async () => {
    const s = await startServer({ PRIVATE_KEY: pems["plain PKCS#8"] });
    try {
      const r = await exchange(s.url, { version, action: "ping" }, { publicKey: pair.publicKey, signature: null });
      assert.equal(r.status, 200);
      assert.match(s.errors(), /WARNING: APP_SECRET is not set/);
    } finally {
      await s.stop();
    }
  });

  test("refuses to start without a key, or with a wrong passphrase", async () => {
    const none = await failedStart({});
    assert.equal(none.code, 1);
    assert.match(none.stderr, /PRIVATE_KEY or PRIVATE_KEY_FILE must be set/);
    const wrong = await failedStart({ PRIVATE_KEY: pems["encrypted PKCS#8"], PASSPHRASE: "nope" });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /wrong PASSPHRASE/);
    const missing = await failedStart({ PRIVATE_KEY: pems["encrypted PKCS#8"] });
    assert.match(missing.stderr, /set PASSPHRASE/);
    const unreadable = await failedStart({ PRIVATE_KEY_FILE: join(dir, "absent.pem") });
    assert.match(unreadable.stderr, /PRIVATE_KEY_FILE=.*cannot be read/);
  });
});

describe("data endpoint", { skip: !handler.hasDataEndpoint && "this use case has no data endpoint" }, () => {
  let s;
  before(async () => {
    s = await startServer({ PRIVATE_KEY: testKeys().privatePem, APP_SECRET, MAX_BODY_BYTES: "1048576" });
  });
  after(() => s.stop());

  test("ping: health answer, text/plain Base64", async () => {
    const r = await exchange(s.url, { version, action: "ping" });
    assert.equal(r.status, 200);
    assert.match(r.type, /^text\/plain/);
    assert.deepEqual(r.response, { data: { status: "active" } });
  });

  const ping = () => encryptRequest({ version, action: "ping" }).body;
  const signatureCases = {
    missing: null,
    short: "sha256=abc",
    "non-hex": "sha256=" + "zz".repeat(32),
    wrong: "sha256=" + "0".repeat(64),
    "wrong scheme": "sha1=" + "0".repeat(40),
  };
  for (const [name, signature] of Object.entries(signatureCases)) {
    test(`signature ${name} → 432, server still up`, async () => {
      const r = await post(s.url, ping(), { signature });
      assert.equal(r.status, 432);
      await assertAlive(s.url);
    });
  }

  const mutate = (fn) => {
    const body = JSON.parse(ping());
    fn(body);
    return JSON.stringify(body);
  };
  const flipByte = (b64, at) => {
    const bytes = Buffer.from(b64, "base64");
    bytes[at < 0 ? bytes.length + at : at] ^= 0x01;
    return bytes.toString("base64");
  };
  const decryptCases = {
    "wrong key": () => {
      const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
      return encryptRequest({ version, action: "ping" }, other).body;
    },
    "flipped ciphertext byte": () => mutate((b) => (b.encrypted_flow_data = flipByte(b.encrypted_flow_data, 0))),
    "flipped tag byte": () => mutate((b) => (b.encrypted_flow_data = flipByte(b.encrypted_flow_data, -1))),
    "flipped IV byte": () => mutate((b) => (b.initial_vector = flipByte(b.initial_vector, 3))),
    truncated: () => mutate((b) => (b.encrypted_flow_data = b.encrypted_flow_data.slice(0, 12))),
    "bad Base64": () => mutate((b) => (b.encrypted_aes_key = "***")),
    "missing field": () => mutate((b) => delete b.initial_vector),
    "JSON array": () => "[1,2,3]",
  };
  for (const [name, make] of Object.entries(decryptCases)) {
    test(`${name} → 421, server still up`, async () => {
      const r = await post(s.url, make());
      assert.equal(r.status, 421);
      assert.equal(r.text, "");
      await assertAlive(s.url);
    });
  }

  const badBodies = { empty: "", "not JSON": "hello", "deeply nested JSON": "[".repeat(100000) + "]".repeat(100000) };
  for (const [name, body] of Object.entries(badBodies)) {
    test(`${name} → 400, server still up`, async () => {
      const r = await post(s.url, body);
      assert.equal(r.status, 400);
      await assertAlive(s.url);
    });
  }

  test("2 MiB body → 413, server still up", async () => {
    const r = await post(s.url, JSON.stringify({ encrypted_flow_data: "A".repeat(2 * 1024 * 1024) }));
    assert.equal(r.status, 413);
    await assertAlive(s.url);
  });

  test("deeply nested plaintext → 400", async () => {
    const nested = encryptRequest({ version, action: "ping" });
    const body = JSON.parse(nested.body);
    const plaintext = Buffer.from('{"a":' + "[".repeat(200) + "]".repeat(200) + "}");
    body.encrypted_flow_data = aesGcm(true, nested.aesKey, nested.iv, plaintext).toString("base64");
    const r = await post(s.url, JSON.stringify(body));
    assert.equal(r.status, 400);
    await assertAlive(s.url);
  });

  test("error notification → acknowledged", async () => {
    const r = await exchange(s.url, { data: { error: "payload-schema-error", error_message: "x" }, flow_token: "t", screen: contract.entry_screen, action: "data_exchange", version });
    assert.equal(r.status, 200);
    assert.deepEqual(r.response, { data: { acknowledged: true } });
  });

  test("unknown action → 200 on the current screen with error_message", async () => {
    const r = await exchange(s.url, { data: {}, flow_token: "t", screen: contract.entry_screen, action: "navigate_somewhere", version });
    assert.equal(r.status, 200);
    assert.equal(r.response.screen, contract.entry_screen);
    assert.equal(r.response.data.error_message, config.text.request_not_understood);
    await assertAlive(s.url);
  });

  test("unknown intent and junk data → clean error answer", async () => {
    for (const data of [{ intent: "nope" }, { intent: 42 }, { intent: "preview", amount: { $gt: 1 } }, { intent: ["x"] }]) {
      const r = await exchange(s.url, { data, flow_token: "t", screen: contract.entry_screen, action: "data_exchange", version });
      assert.equal(r.status, 200, JSON.stringify(data));
      assert.equal(typeof r.response.screen, "string");
    }
    const r = await exchange(s.url, { data: "string", flow_token: 5, screen: ["x"], action: "data_exchange", version });
    assert.equal(r.status, 200);
    await assertAlive(s.url);
  });

  test("BACK → an answer the routing model allows", async () => {
    const r = await exchange(s.url, { data: {}, flow_token: "t", screen: contract.entry_screen, action: "BACK", version });
    assert.equal(r.status, 200);
    assert.ok(contract.screens.some((x) => x.id === r.response.screen));
  });

  test("200 concurrent requests all answered", async () => {
    const all = await Promise.all(Array.from({ length: 200 }, (_, i) => exchange(s.url, i % 2 ? { version, action: "ping" } : { data: {}, flow_token: `c${i}`, screen: "", action: "INIT", version })));
    assert.deepEqual(all.map((r) => r.status), Array(200).fill(200));
    await assertAlive(s.url);
  });

  test("logs one line per request without payloads or tokens", async () => {
    await exchange(s.url, { data: { secret_value: "PII-12345" }, flow_token: "TOKEN-SHOULD-NOT-APPEAR", screen: "", action: "INIT", version });
    await new Promise((r) => setTimeout(r, 50));
    const lines = s.output().trim().split("\n").slice(1).map((l) => JSON.parse(l));
    const last = lines.at(-1);
    assert.equal(last.route, "/");
    assert.equal(last.action, "INIT");
    assert.equal(last.status, 200);
    assert.equal(typeof last.ms, "number");
    assert.doesNotMatch(s.output(), /PII-12345|TOKEN-SHOULD-NOT-APPEAR/);
  });

  test("other routes → 404", async () => {
    const r = await fetch(s.url + "/nope");
    assert.equal(r.status, 404);
  });
});

describe("flow tokens", { skip: !handler.hasDataEndpoint && "this use case has no data endpoint" }, () => {
  let s;
  before(async () => {
    s = await startServer({ PRIVATE_KEY: testKeys().privatePem, APP_SECRET, FLOW_TOKEN_SECRET: "issuer-secret" });
  });
  after(() => s.stop());

  test("with FLOW_TOKEN_SECRET only issued tokens pass; others get 427 with the message", async () => {
    const bad = await exchange(s.url, { data: {}, flow_token: "unused", screen: "", action: "INIT", version });
    assert.equal(bad.status, 427);
    assert.deepEqual(bad.response, { error_msg: config.text.token_expired });
    const good = await exchange(s.url, { data: {}, flow_token: issueToken("issuer-secret"), screen: "", action: "INIT", version });
    assert.equal(good.status, 200);
    const pingNoToken = await exchange(s.url, { version, action: "ping" });
    assert.equal(pingNoToken.status, 200);
  });

  test("Data API 4.0 flow_token_signature is verified when present", async () => {
    const token = issueToken("issuer-secret");
    const { createHmac } = await import("node:crypto");
    const enc = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const unsigned = `${enc({ alg: "HS256", typ: "JWT" })}.${enc({ flow_token: token })}`;
    const jwt = `${unsigned}.${createHmac("sha256", APP_SECRET).update(unsigned).digest("base64url")}`;
    const ok = await exchange(s.url, { data: {}, flow_token: token, screen: "", action: "INIT", version: "4.0", flow_token_signature: jwt });
    assert.equal(ok.status, 200);
    const forged = await exchange(s.url, { data: {}, flow_token: token, screen: "", action: "INIT", version: "4.0", flow_token_signature: unsigned + ".AAAA" });
    assert.equal(forged.status, 427);
  });
});

describe("no data endpoint", { skip: handler.hasDataEndpoint && "this use case has a data endpoint" }, () => {
  test("POST / answers 404 and no key is needed", async () => {
    const s = await startServer({ APP_SECRET });
    try {
      const r = await post(s.url, "{}");
      assert.equal(r.status, 404);
    } finally {
      await s.stop();
    }
  });
});
