// Flow tokens the business issues itself: `ft1.<nonce>.<exp>.<sig>`, HMAC-signed with
// FLOW_TOKEN_SECRET, the same format in the Node, Python and Rust stubs. Send one as the
// `flow_token` of each Flow message; with FLOW_TOKEN_SECRET set the endpoint accepts no other.
// CLI: `npm run issue-token [-- --hours N]` prints a fresh token.

import { createHmac, randomBytes } from "node:crypto";
import { safeEqual } from "./signature.js";

function sign(secret, body) {
  return createHmac("sha256", secret).update(body).digest("base64url");
}

/** A new token valid for `hours` (default 72). */
export function issueToken(secret, hours = 72, now = Date.now()) {
  const exp = Math.floor(now / 1000) + Math.round(hours * 3600);
  const body = `ft1.${randomBytes(16).toString("base64url")}.${exp}`;
  return `${body}.${sign(secret, body)}`;
}

/** True when `token` was issued with `secret` and has not expired. */
export function verifyToken(secret, token, now = Date.now()) {
  if (typeof token !== "string") return false;
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== "ft1" || !/^\d{1,12}$/.test(parts[2])) return false;
  const body = parts.slice(0, 3).join(".");
  if (!safeEqual(sign(secret, body), parts[3])) return false;
  return Number(parts[2]) > Math.floor(now / 1000);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const secret = process.env.FLOW_TOKEN_SECRET;
  if (!secret) {
    console.error("FLOW_TOKEN_SECRET must be set: the secret the endpoint checks tokens with");
    process.exit(1);
  }
  const i = process.argv.indexOf("--hours");
  const hours = i > 0 ? Number(process.argv[i + 1]) : 72;
  if (!(hours > 0)) {
    console.error("--hours takes a positive number");
    process.exit(2);
  }
  console.log(issueToken(secret, hours));
}
