// The Flows payload encryption (spec: RSA-OAEP SHA-256 unwraps a 16-byte AES key; AES-128-GCM
// with a 16-byte IV; the response uses the same key and the bit-flipped IV) and key loading.

import { createCipheriv, createDecipheriv, createHash, createPrivateKey, constants, privateDecrypt } from "node:crypto";
import { readFileSync } from "node:fs";

/** A request the endpoint could not decrypt: answered with 421 so WhatsApp refreshes the key. */
export class DecryptError extends Error {}

/** A startup problem the operator must fix; the message names the variable. */
export class ConfigError extends Error {}

/**
 * Loads the private key from PRIVATE_KEY (PEM text) or PRIVATE_KEY_FILE, decrypting it with
 * PASSPHRASE: legacy encrypted PKCS#1 (`openssl genrsa -des3`), PKCS#8 (encrypted or not) and
 * plain PKCS#1 all load.
 */
export function loadPrivateKey(env) {
  let pem = env.PRIVATE_KEY;
  if (!pem && env.PRIVATE_KEY_FILE) {
    try {
      pem = readFileSync(env.PRIVATE_KEY_FILE, "utf8");
    } catch (e) {
      throw new ConfigError(`PRIVATE_KEY_FILE=${env.PRIVATE_KEY_FILE} cannot be read (${e.code || e.message}): point it at your private.pem`);
    }
  }
  if (!pem) {
    throw new ConfigError("PRIVATE_KEY or PRIVATE_KEY_FILE must be set: the RSA private key whose public half is registered with WhatsApp (make one with `flowgen keygen`)");
  }
  pem = pem.replace(/\\n/g, "\n");
  const encrypted = /ENCRYPTED/.test(pem);
  if (encrypted && !env.PASSPHRASE) {
    throw new ConfigError("the private key is encrypted: set PASSPHRASE to its passphrase");
  }
  let key;
  try {
    key = createPrivateKey({ key: pem, format: "pem", passphrase: env.PASSPHRASE || undefined });
  } catch (e) {
    const why = encrypted ? "wrong PASSPHRASE or damaged key" : "not a PEM RSA private key";
    throw new ConfigError(`the private key cannot be loaded (${why}): check PRIVATE_KEY/PRIVATE_KEY_FILE and PASSPHRASE`);
  }
  if (key.asymmetricKeyType !== "rsa") {
    throw new ConfigError(`the private key is ${key.asymmetricKeyType}, WhatsApp Flows needs RSA (2048 bits)`);
  }
  return key;
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

function b64(value, name) {
  if (typeof value !== "string" || value.length % 4 !== 0 || !B64.test(value)) {
    throw new DecryptError(`${name} is not Base64`);
  }
  return Buffer.from(value, "base64");
}

/** Flips every bit of the IV: the response IV. */
export function flipIv(iv) {
  return Buffer.from(iv.map((b) => b ^ 0xff));
}

/**
 * Decrypts the three-field request body. Returns the plaintext bytes, the AES key and the IV.
 * Any failure (fields, Base64, RSA, GCM) raises DecryptError.
 */
export function decryptRequest(body, privateKey) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new DecryptError("body is not an object");
  }
  const wrapped = b64(body.encrypted_aes_key, "encrypted_aes_key");
  const iv = b64(body.initial_vector, "initial_vector");
  const data = b64(body.encrypted_flow_data, "encrypted_flow_data");
  if (iv.length !== 16 || data.length < 16) throw new DecryptError("bad IV or data length");
  let aesKey;
  try {
    aesKey = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, wrapped);
  } catch {
    throw new DecryptError("RSA-OAEP failed");
  }
  if (aesKey.length !== 16) throw new DecryptError("AES key is not 16 bytes");
  const plaintext = aesGcm(false, aesKey, iv, data);
  return { plaintext, aesKey, iv };
}

/** AES-128-GCM with a 16-byte IV; `data` is ciphertext‖tag when decrypting. */
export function aesGcm(encrypt, key, iv, data) {
  if (encrypt) {
    const c = createCipheriv("aes-128-gcm", key, iv);
    return Buffer.concat([c.update(data), c.final(), c.getAuthTag()]);
  }
  try {
    const d = createDecipheriv("aes-128-gcm", key, iv);
    d.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()]);
  } catch {
    throw new DecryptError("AES-GCM authentication failed");
  }
}

/** Encrypts a response object with the request's key and the flipped IV; Base64 text. */
export function encryptResponse(obj, aesKey, iv) {
  return aesGcm(true, aesKey, flipIv(iv), Buffer.from(JSON.stringify(obj), "utf8")).toString("base64");
}

/** SHA-256 hex of a string. */
export function sha256Hex(text) {
  return createHash("sha256").update(text).digest("hex");
}
