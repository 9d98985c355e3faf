// The WhatsApp webhook against a local fake Graph API: verification, signatures, a completion
// that sends exactly one follow-up with the exact Cloud API body, and duplicates that send none.

import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import * as handler from "../src/handler.js";
import * as format from "../src/format.js";
import { hubSignature } from "../src/signature.js";
import { MemoryStore } from "../src/store.js";
import { APP_SECRET, config, contract, post, startServer, testKeys } from "./helpers.js";

let graph;
let sent = [];
let s;

before(async () => {
  graph = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      sent.push({ method: req.method, url: req.url, auth: req.headers.authorization, type: req.headers["content-type"], body: JSON.parse(body) });
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ messaging_product: "whatsapp", messages: [{ id: "wamid.SENT" }] }));
    });
  });
  await new Promise((r) => graph.listen(0, "127.0.0.1", r));
  s = await startServer({
    PRIVATE_KEY: testKeys().privatePem,
    APP_SECRET,
    VERIFY_TOKEN: "verify-me",
    WHATSAPP_TOKEN: "wa-token",
    PHONE_NUMBER_ID: "106540352242922",
    GRAPH_API_URL: `http://127.0.0.1:${graph.address().port}`,
    GRAPH_API_VERSION: "v25.0",
  });
});

after(async () => {
  await s.stop();
  graph.close();
});

const waitFor = async (cond, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

test("verification challenge answered only with the right token", async () => {
  const ok = await fetch(`${s.url}/webhook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444`);
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), "1158201444");
  const bad = await fetch(`${s.url}/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
  assert.equal(bad.status, 403);
  const noMode = await fetch(`${s.url}/webhook?hub.verify_token=verify-me&hub.challenge=1`);
  assert.equal(noMode.status, 403);
});

/** The completion as WhatsApp delivers it; the Flow's last payload goes in response_json. */
function delivery(id, responseJson, from = "16505551234") {
  const message = { context: { from: "15550783881", id: "wamid.FLOW" }, id, timestamp: "1750000000", type: "interactive", interactive: { type: "nfm_reply", nfm_reply: { name: "flow", body: "Sent", response_json: JSON.stringify(responseJson) } } };
  if (from) message.from = from;
  else message.from_user_id = "US.1349";
  return JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: "102290129340398", changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "15550783881", phone_number_id: "106540352242922" }, contacts: [{ profile: { name: "José" }, wa_id: from, user_id: "US.1349" }], messages: [message] } }] }] });
}

test("signature missing → 401, wrong → 403, nothing sent", async () => {
  sent = [];
  const body = delivery("wamid.SIG", { flow_token: "t" });
  assert.equal((await post(s.url, body, { path: "/webhook", signature: null })).status, 401);
  assert.equal((await post(s.url, body, { path: "/webhook", signature: "sha256=" + "0".repeat(64) })).status, 403);
  assert.equal((await post(s.url, body, { path: "/webhook", signature: "garbage" })).status, 403);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(sent.length, 0);
});

const ctx = { config, contract, text: config.text, params: config.params, store: new MemoryStore(), format, currency: config.currency, locale: config.locale };

test("a completion sends exactly one follow-up; its duplicate sends none", async () => {
  sent = [];
  const response = { flow_token: "TEST_TOKEN" };
  const body = delivery("wamid.DONE1", response);
  const r = await post(s.url, body, { path: "/webhook", signature: hubSignature(APP_SECRET, body) });
  assert.equal(r.status, 200);
  await waitFor(() => sent.length >= 1);
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0], {
    method: "POST",
    url: "/v25.0/106540352242922/messages",
    auth: "Bearer wa-token",
    type: "application/json",
    body: { messaging_product: "whatsapp", recipient_type: "individual", to: "+16505551234", type: "text", text: { body: handler.followup(response, ctx) }, context: { message_id: "wamid.DONE1" } },
  });
  const again = await post(s.url, body, { path: "/webhook", signature: hubSignature(APP_SECRET, body) });
  assert.equal(again.status, 200);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(sent.length, 1);
});

test("a user without a phone number is answered by their user id", async () => {
  sent = [];
  const body = delivery("wamid.DONE2", { flow_token: "T2" }, null);
  assert.equal((await post(s.url, body, { path: "/webhook", signature: hubSignature(APP_SECRET, body) })).status, 200);
  await waitFor(() => sent.length >= 1);
  assert.equal(sent[0].body.recipient, "US.1349");
  assert.equal(sent[0].body.to, undefined);
});

test("other events, junk and statuses → 200, nothing sent", async () => {
  sent = [];
  const bodies = [
    JSON.stringify({ object: "whatsapp_business_account", entry: [{ changes: [{ field: "messages", value: { statuses: [{ id: "x", status: "read" }] } }] }] }),
    JSON.stringify({ object: "whatsapp_business_account", entry: [{ changes: [{ field: "flows", value: { event: "ENDPOINT_ERROR_RATE" } }] }] }),
    JSON.stringify({ entry: "nope" }),
    JSON.stringify([1, 2]),
    JSON.stringify({ entry: [{ changes: [{ field: "messages", value: { messages: [{ type: "interactive", id: "w", interactive: { type: "nfm_reply", nfm_reply: { name: "address_message" } } }] } }] }] }),
  ];
  for (const body of bodies) {
    const r = await post(s.url, body, { path: "/webhook", signature: hubSignature(APP_SECRET, body) });
    assert.equal(r.status, 200, body);
  }
  const notJson = await post(s.url, "not json", { path: "/webhook", signature: hubSignature(APP_SECRET, "not json") });
  assert.equal(notJson.status, 400);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(sent.length, 0);
});
