// Test helpers that play WhatsApp: a real RSA key made per run, real AES-GCM, real signatures,
// and the real server started as its own process with `node src/server.js`.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { constants, generateKeyPairSync, publicEncrypt, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import { aesGcm, flipIv } from "../src/crypto.js";
import { checkResponse } from "../src/contract.js";
import { hubSignature } from "../src/signature.js";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const config = JSON.parse(readFileSync(resolve(root, "config.json"), "utf8"));
export const contract = JSON.parse(readFileSync(resolve(root, "contract.json"), "utf8"));
export const APP_SECRET = "test_app_secret";

let cachedKeys;
/** An RSA-2048 pair for this test run: { privatePem (PKCS#8, plain), publicKey, pair }. */
export function testKeys() {
  if (!cachedKeys) {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    cachedKeys = { pair, publicKey: pair.publicKey, privatePem: pair.privateKey.export({ type: "pkcs8", format: "pem" }) };
  }
  return cachedKeys;
}

/** REDIS_URL given to the tests: the servers use Redis too, each in a fresh key space. */
function sharedStore() {
  return process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, KEY_PREFIX: "test-" + randomBytes(6).toString("hex") } : {};
}

/** Starts `node src/server.js` with `env` on a free port; resolves to { url, proc, output(), stop() }. */
export function startServer(env = {}) {
  const proc = spawn(process.execPath, ["src/server.js"], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: "0", ...sharedStore(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  proc.stderr.on("data", (d) => (err += d));
  return new Promise((resolvePromise, reject) => {
    proc.stdout.on("data", (d) => {
      out += d;
      const m = /listening on http:\/\/0\.0\.0\.0:(\d+)/.exec(out);
      if (m && !proc.url) {
        proc.url = `http://127.0.0.1:${m[1]}`;
        resolvePromise({
          url: proc.url,
          proc,
          output: () => out,
          errors: () => err,
          stop: () => new Promise((r) => (proc.exitCode !== null ? r() : (proc.once("exit", r), proc.kill("SIGTERM")))),
        });
      }
    });
    proc.once("exit", (code) => reject(Object.assign(new Error(`server exited with ${code}: ${err}`), { code, stderr: err })));
  });
}

/** Runs the server expecting it to refuse to start; resolves to { code, stderr }. */
export function failedStart(env) {
  return startServer(env).then(
    async (s) => {
      await s.stop();
      throw new Error("server started but should have refused");
    },
    (e) => ({ code: e.code, stderr: e.stderr }),
  );
}

/** Encrypts a request payload as WhatsApp does; returns { body (text), aesKey, iv }. */
export function encryptRequest(payload, publicKey = testKeys().publicKey) {
  const aesKey = randomBytes(16);
  const iv = randomBytes(16);
  const data = aesGcm(true, aesKey, iv, Buffer.from(JSON.stringify(payload)));
  const wrapped = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, aesKey);
  const body = JSON.stringify({
    encrypted_flow_data: data.toString("base64"),
    encrypted_aes_key: wrapped.toString("base64"),
    initial_vector: iv.toString("base64"),
  });
  return { body, aesKey, iv };
}

/** Decrypts a response body with the flipped IV. */
export function decryptResponse(text, aesKey, iv) {
  return JSON.parse(aesGcm(false, aesKey, flipIv(iv), Buffer.from(text, "base64")).toString("utf8"));
}

/** POSTs raw text; signs it with APP_SECRET unless `signature` is given (null = no header). */
export async function post(url, body, { signature, path = "/", headers = {} } = {}) {
  const h = { "Content-Type": "application/json", ...headers };
  const sig = signature === undefined ? hubSignature(APP_SECRET, body) : signature;
  if (sig !== null) h["X-Hub-Signature-256"] = sig;
  const res = await fetch(url + path, { method: "POST", headers: h, body });
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") };
}

/** One encrypted exchange: resolves to { status, response } (response decrypted when 200/427). */
export async function exchange(url, payload, options = {}) {
  const { body, aesKey, iv } = encryptRequest(payload, options.publicKey);
  const res = await post(url, body, options);
  const response = res.text && (res.status === 200 || res.status === 427) ? decryptResponse(res.text, aesKey, iv) : null;
  return { status: res.status, response, type: res.type };
}

/** A user going through the Flow: each answer is checked against contract.json. */
export class Journey {
  constructor(url, token = "journey-token") {
    this.url = url;
    this.token = token;
    this.screen = "";
    this.version = config.data_api_version;
  }

  async send(action, data = {}, screen = this.screen) {
    const payload = { data, flow_token: this.token, screen, action, version: this.version };
    const { status, response } = await exchange(this.url, payload);
    assert.equal(status, 200, `${action} on ${screen || "(start)"}: HTTP ${status}`);
    assert.deepEqual(checkResponse(contract, screen, response), [], `${action} on ${screen || "(start)"} -> ${JSON.stringify(response)}`);
    this.screen = response.screen;
    this.data = response.data;
    return response;
  }

  init() {
    return this.send("INIT", {}, "");
  }

  exchange(data) {
    return this.send("data_exchange", data);
  }

  /** Moves to a screen the user reaches by `navigate` (no request is sent). */
  navigate(screen) {
    const here = contract.screens.find((s) => s.id === this.screen);
    assert.ok(here && here.next.includes(screen), `${this.screen} cannot navigate to ${screen}`);
    this.screen = screen;
  }
}

/** A ping answered `active`: the server still works. */
export async function assertAlive(url) {
  const { status, response } = await exchange(url, { version: config.data_api_version, action: "ping" });
  assert.equal(status, 200);
  assert.deepEqual(response, { data: { status: "active" } });
}
