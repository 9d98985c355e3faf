// Known-answer tests: the vectors of the endpoint protocol spec (§10.2), and the formatting
// rules flowgen uses when it writes flow.json.

import assert from "node:assert/strict";
import { test } from "node:test";
import { readFileSync } from "node:fs";
import { aesGcm, decryptRequest, encryptResponse, flipIv, sha256Hex } from "../src/crypto.js";
import { emi, fill, group, money, number, round2 } from "../src/format.js";
import { hubSignature, verifyFlowTokenSignature, verifyHubSignature } from "../src/signature.js";
import { issueToken, verifyToken } from "../src/token.js";
import { encryptRequest, testKeys } from "./helpers.js";

// The known answers flowgen and all three stubs share (vectors.json beside package.json).
const V = JSON.parse(readFileSync(new URL("../vectors.json", import.meta.url), "utf8"));
const KEY = Buffer.from(V.aes.key_hex, "hex");
const IV = Buffer.from(V.aes.iv_hex, "hex");

test("request ciphertexts of the shared vectors", () => {
  assert.equal(KEY.toString("base64"), V.aes.key_b64);
  assert.equal(IV.toString("base64"), V.aes.iv_b64);
  for (const r of V.aes.requests) {
    const sealed = aesGcm(true, KEY, IV, Buffer.from(r.plaintext));
    assert.equal(sealed.toString("base64"), r.sealed_b64);
    assert.equal(aesGcm(false, KEY, IV, sealed).toString(), r.plaintext);
  }
});

test("responses use the bit-flipped IV", () => {
  assert.equal(flipIv(IV).toString("hex"), V.aes.flipped_iv_hex);
  for (const r of V.aes.responses) assert.equal(encryptResponse(JSON.parse(r.plaintext), KEY, IV), r.sealed_b64);
  const wrong = V.aes.unflipped_response;
  assert.notEqual(encryptResponse(JSON.parse(wrong.plaintext), KEY, IV), wrong.sealed_b64);
});

test("RSA-OAEP SHA-256 round trip with a generated key", () => {
  const { body, aesKey, iv } = encryptRequest({ version: "3.0", action: "ping" });
  const { plaintext, aesKey: k, iv: v } = decryptRequest(JSON.parse(body), testKeys().pair.privateKey);
  assert.equal(plaintext.toString(), '{"version":"3.0","action":"ping"}');
  assert.deepEqual(k, aesKey);
  assert.deepEqual(v, iv);
});

test("X-Hub-Signature-256 vector, and malformed headers never throw", () => {
  const body = Buffer.from(V.hub_signature.body);
  const good = V.hub_signature.header;
  assert.equal(hubSignature(V.hub_signature.secret, body), good);
  assert.ok(verifyHubSignature("test_app_secret", body, good));
  assert.ok(verifyHubSignature("test_app_secret", body, good.toUpperCase().replace("SHA256", "sha256")));
  for (const bad of [undefined, "", "sha256=", "sha256=abc", "sha256=" + "zz".repeat(32), good.slice(0, -1) + "0", "md5=" + good.slice(7)]) {
    assert.equal(verifyHubSignature("test_app_secret", body, bad), false, String(bad));
  }
});

test("flow_token_signature JWT vector", () => {
  const jwt = V.flow_token_signature.jwt;
  assert.ok(verifyFlowTokenSignature("test_app_secret", jwt, "TEST_TOKEN"));
  assert.equal(verifyFlowTokenSignature("test_app_secret", jwt, "OTHER"), false);
  assert.equal(verifyFlowTokenSignature("other_secret", jwt, "TEST_TOKEN"), false);
  assert.equal(verifyFlowTokenSignature("test_app_secret", "a.b", "TEST_TOKEN"), false);
  assert.equal(verifyFlowTokenSignature("test_app_secret", "!!.??.**", "TEST_TOKEN"), false);
});

test("issued flow tokens verify, expire and resist tampering", () => {
  const t = issueToken("s3cret", 1);
  assert.match(t, /^ft1\.[A-Za-z0-9_-]{22}\.\d+\.[A-Za-z0-9_-]{43}$/);
  assert.ok(verifyToken("s3cret", t));
  assert.equal(verifyToken("other", t), false);
  assert.equal(verifyToken("s3cret", t, Date.now() + 2 * 3600 * 1000), false);
  const parts = t.split(".");
  assert.equal(verifyToken("s3cret", [parts[0], parts[1], String(Number(parts[2]) + 9999), parts[3]].join(".")), false);
  assert.equal(verifyToken("s3cret", "unused"), false);
});

test("formatting matches flowgen (shared vectors)", () => {
  for (const [x, want] of V.round2) assert.equal(round2(x), want, String(x));
  for (const g of V.group) assert.equal(group(g.n, g.decimals, g.thousands, g.decimal, g.indian), g.out, JSON.stringify(g));
  for (const m of V.money) assert.equal(money(m.n, m.currency, m.locale), m.out, JSON.stringify(m));
  for (const n of V.number) assert.equal(number(n.n, n.decimals, n.locale), n.out, JSON.stringify(n));
  for (const e of V.emi) assert.equal(emi(e.principal, e.annual_rate, e.months), e.out, JSON.stringify(e));
  for (const i of V.stable_id) assert.equal(i.prefix + "-" + sha256Hex(i.token).slice(0, 8).toUpperCase(), i.out);
  assert.equal(fill("{n} months, {n}!", { n: 3 }), "3 months, 3!");
});
