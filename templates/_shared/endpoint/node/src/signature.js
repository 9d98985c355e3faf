// Meta's request signatures: `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the app
// secret) and the Data API 4.0 `flow_token_signature` (an HS256 JWT). Constant time, never throws.

import { createHmac, timingSafeEqual } from "node:crypto";

/** True when `header` is `sha256=<64 hex>` and matches HMAC-SHA256(secret, raw). */
export function verifyHubSignature(secret, raw, header) {
  if (typeof header !== "string") return false;
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m) return false;
  const expected = createHmac("sha256", secret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(m[1], "hex"));
}

/** The header value Meta would send for `raw`. */
export function hubSignature(secret, raw) {
  return "sha256=" + createHmac("sha256", secret).update(raw).digest("hex");
}

/** Constant-time comparison of two strings of any length. */
export function safeEqual(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

/**
 * Verifies a `flow_token_signature` JWT: HS256 over `header.payload` with the app secret, and
 * its `flow_token` claim equal to the request's token. Returns true or false.
 */
export function verifyFlowTokenSignature(secret, jwt, flowToken) {
  if (typeof jwt !== "string") return false;
  const parts = jwt.split(".");
  if (parts.length !== 3) return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    if (!header || header.alg !== "HS256") return false;
    const expected = createHmac("sha256", secret).update(`${parts[0]}.${parts[1]}`).digest("base64url");
    if (!safeEqual(expected, parts[2])) return false;
    const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return claims !== null && typeof claims === "object" && claims.flow_token === flowToken;
  } catch {
    return false;
  }
}
