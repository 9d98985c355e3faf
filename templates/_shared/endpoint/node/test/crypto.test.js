// Known-answer tests: the vectors of the endpoint protocol spec (§10.2), and the formatting
// rules flowgen uses when it writes flow.json.

import assert from "node:assert/strict";
import { test } from "node:test";
import { aesGcm, decryptRequest, encryptResponse, flipIv } from "../src/crypto.js";
import { emi, fill, money, number, round2 } from "../src/format.js";
import { hubSignature, verifyFlowTokenSignature, verifyHubSignature } from "../src/signature.js";
import { issueToken, verifyToken } from "../src/token.js";
import { encryptRequest, testKeys } from "./helpers.js";

const KEY = Buffer.from("000102030405060708090a0b0c0d0e0f", "hex");
const IV = Buffer.from("101112131415161718191a1b1c1d1e1f", "hex");

test("request ciphertexts of the spec vectors", () => {
  const ping = aesGcm(true, KEY, IV, Buffer.from('{"version":"3.0","action":"ping"}'));
  assert.equal(ping.toString("base64"), "vryB0w/BTee4OvmgkgEf9dnfQfwZb8iWi7yl5iotFMJeuQl749lOptdzv/L1T2V2PA==");
  const init = aesGcm(true, KEY, IV, Buffer.from('{"data":{},"flow_token":"TEST_TOKEN","screen":"","action":"INIT","version":"3.0"}'));
  assert.equal(init.toString("base64"), "vryT1wnTBrKtZe+gx0NAoKqJT/QIaIXCi9LCxRccJ69oYSUlzTsHLZ7gibFZ1ivYGEWUHQhBonqgTXpvKka62dcx+7AWTIBjkaQsPi6GsEbJWVEs7GZ5NrwMrHuspp/7oA==");
});

test("responses use the bit-flipped IV", () => {
  assert.equal(flipIv(IV).toString("hex"), "efeeedecebeae9e8e7e6e5e4e3e2e1e0");
  assert.equal(encryptResponse({ data: { status: "active" } }, KEY, IV), "IHgL0mWXHJ6FDPLH6+aygF5BfT+mPzwvzktiKvlmYpg8eFKqJX/07YVStaI=");
  assert.equal(encryptResponse({ data: { acknowledged: true } }, KEY, IV), "IHgL0mWXHJ6FDODQ4fyohBAeOzmgL3dj3xtqMkO6QV0L/G4Tq6t9G+Vi3ownKA==");
  assert.notEqual(encryptResponse({ data: { status: "active" } }, KEY, IV), "vryT1wnTBrKtOrD2wFtapNfHAv4Ocs6OzKT66/VRHanuugSiaycS0pPuc8Q=");
});

test("RSA-OAEP SHA-256 round trip with a generated key", () => {
  const { body, aesKey, iv } = encryptRequest({ version: "3.0", action: "ping" });
  const { plaintext, aesKey: k, iv: v } = decryptRequest(JSON.parse(body), testKeys().pair.privateKey);
  assert.equal(plaintext.toString(), '{"version":"3.0","action":"ping"}');
  assert.deepEqual(k, aesKey);
  assert.deepEqual(v, iv);
});

test("X-Hub-Signature-256 vector, and malformed headers never throw", () => {
  const body = Buffer.from('{"encrypted_flow_data":"AAAA","encrypted_aes_key":"BBBB","initial_vector":"CCCC"}');
  const good = "sha256=1dabb2f7e12d10abc9c9e380f65c804c00ce628a09aaf7352023fb48d63bd933";
  assert.equal(hubSignature("test_app_secret", body), good);
  assert.ok(verifyHubSignature("test_app_secret", body, good));
  assert.ok(verifyHubSignature("test_app_secret", body, good.toUpperCase().replace("SHA256", "sha256")));
  for (const bad of [undefined, "", "sha256=", "sha256=abc", "sha256=" + "zz".repeat(32), good.slice(0, -1) + "0", "md5=" + good.slice(7)]) {
    assert.equal(verifyHubSignature("test_app_secret", body, bad), false, String(bad));
  }
});

test("flow_token_signature JWT vector", () => {
  const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJmbG93X3Rva2VuIjoiVEVTVF9UT0tFTiJ9.cPl-Si7LSF_4CbJx2x9YcfBCN-nvEGVq4dn8Apa5vG0";
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

test("formatting matches flowgen", () => {
  assert.equal(money(500000, "INR", "en_US"), "₹5,00,000");
  assert.equal(money(12345678.5, "INR", "en_US"), "₹1,23,45,678.50");
  assert.equal(money(5000, "BRL", "pt_BR"), "R$ 5.000,00");
  assert.equal(money(1234.5, "EUR", "es"), "1.234,50 €");
  assert.equal(money(1234.5, "USD", "en_US"), "$1,234.50");
  assert.equal(money(1234.5, "MXN", "es"), "$1,234.50");
  assert.equal(number(10.5, 2, "pt_BR"), "10,50");
  assert.equal(round2(0.125), 0.13);
  assert.equal(round2(-0.125), -0.13);
  assert.equal(emi(100000, 12, 12), 8884.88);
  assert.equal(emi(1200, 0, 12), 100);
  assert.equal(fill("{n} months, {n}!", { n: 3 }), "3 months, 3!");
});
