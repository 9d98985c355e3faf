// The baseline bench/endpoint.sh compares the stubs with. It reproduces the *approach* of Meta's
// published Node endpoint example (written here from its description, not copied): Express with a
// JSON body parser, the passphrase-protected private key turned into a key object on every
// request, RSA-OAEP + AES-GCM decryption, a hard-coded answer, and the flipped-IV response.

import crypto from "node:crypto";
import express from "express";

const PRIVATE_KEY = process.env.PRIVATE_KEY;
const PASSPHRASE = process.env.PASSPHRASE;
const app = express();
app.use(express.json({ verify: (req, _res, buf) => (req.rawBody = buf.toString("utf8")) }));

app.post("/", (req, res) => {
  const expected = crypto.createHmac("sha256", process.env.APP_SECRET).update(req.rawBody).digest("hex");
  const given = (req.get("x-hub-signature-256") || "").replace("sha256=", "");
  if (given.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
    return res.status(432).send();
  }
  const { encrypted_aes_key, encrypted_flow_data, initial_vector } = req.body;
  // As in the example: the encrypted PEM is parsed and decrypted for each request.
  const privateKey = crypto.createPrivateKey({ key: PRIVATE_KEY, passphrase: PASSPHRASE });
  let aesKey;
  try {
    aesKey = crypto.privateDecrypt({ key: privateKey, padding: crypto.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, Buffer.from(encrypted_aes_key, "base64"));
  } catch {
    return res.status(421).send();
  }
  const data = Buffer.from(encrypted_flow_data, "base64");
  const iv = Buffer.from(initial_vector, "base64");
  const decipher = crypto.createDecipheriv("aes-128-gcm", aesKey, iv);
  decipher.setAuthTag(data.subarray(-16));
  const request = JSON.parse(Buffer.concat([decipher.update(data.subarray(0, -16)), decipher.final()]).toString("utf8"));
  const answer = request.action === "ping" ? { data: { status: "active" } } : { screen: "OFFER", data: { emi: "₹16,428.62" } };
  const flipped = Buffer.from(iv.map((b) => ~b));
  const cipher = crypto.createCipheriv("aes-128-gcm", aesKey, flipped);
  res.send(Buffer.concat([cipher.update(JSON.stringify(answer), "utf8"), cipher.final(), cipher.getAuthTag()]).toString("base64"));
});

app.listen(Number(process.env.PORT || 3000), () => console.log(`listening on http://0.0.0.0:${process.env.PORT}`));
