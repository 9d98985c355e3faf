// Writes N pre-encrypted, signed `data_exchange` requests (one per line: "<signature> <body>")
// for wrk to replay: node make-bodies.mjs public.pem APP_SECRET N > bodies.txt
import { constants, createCipheriv, createHmac, publicEncrypt, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

// With a 5th argument (an insurance-quote stub's config.json): its `details` request instead, which
// reads and writes the per-token state (the store's cost per request).
const [pub, secret, n] = [readFileSync(process.argv[2], "utf8"), process.argv[3], Number(process.argv[4] || 200)];
const insurance = process.argv[5] ? JSON.parse(readFileSync(process.argv[5], "utf8")).params : null;
const amounts = ["1000000", "750000", "500000", "300000", "150000"];
for (let i = 0; i < n; i++) {
  const payload = insurance
    ? { data: { intent: "details", cover: insurance.cover_options[0].id, extra_count: "0", cover_level: insurance.cover_levels[0].id, excess: String(Math.trunc(insurance.excess_options[0].amount)) }, flow_token: `bench-${i}`, screen: "DETAILS", action: "data_exchange", version: "3.0" }
    : { data: { intent: "preview", amount: amounts[i % 5], tenure: String(12 * (1 + (i % 5))) }, flow_token: `bench-${i}`, screen: "OFFER", action: "data_exchange", version: "3.0" };
  const key = randomBytes(16);
  const iv = randomBytes(16);
  const c = createCipheriv("aes-128-gcm", key, iv);
  const data = Buffer.concat([c.update(JSON.stringify(payload)), c.final(), c.getAuthTag()]);
  const body = JSON.stringify({
    encrypted_flow_data: data.toString("base64"),
    encrypted_aes_key: publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, key).toString("base64"),
    initial_vector: iv.toString("base64"),
  });
  process.stdout.write(`sha256=${createHmac("sha256", secret).update(body).digest("hex")} ${body}\n`);
}
