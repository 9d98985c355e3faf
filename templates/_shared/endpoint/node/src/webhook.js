// The business's WhatsApp webhook: `GET /webhook` answers Meta's verification challenge;
// `POST /webhook` checks the signature, answers 200 at once, then finds Flow completions
// (`nfm_reply` messages), skips ones already processed, and sends the use case's follow-up
// message through the Cloud API.

import { isObject, parseJson } from "./json.js";
import { safeEqual, verifyHubSignature } from "./signature.js";

const WEBHOOK_MAX_BYTES = 3 * 1024 * 1024;
const DEDUPE_TTL_S = 7 * 24 * 3600;
const TRANSIENT = new Set([1, 2, 131000, 131016, 133004]);
const BACKOFF_MS = [500, 2000];

/** Every Flow completion in a webhook delivery: { id, from, fromUserId, response }. */
export function completions(event) {
  const found = [];
  if (!isObject(event) || !Array.isArray(event.entry)) return found;
  for (const entry of event.entry) {
    if (!isObject(entry) || !Array.isArray(entry.changes)) continue;
    for (const change of entry.changes) {
      if (!isObject(change) || change.field !== "messages" || !isObject(change.value)) continue;
      const messages = Array.isArray(change.value.messages) ? change.value.messages : [];
      for (const m of messages) {
        const reply = isObject(m) && m.type === "interactive" && isObject(m.interactive) && m.interactive.type === "nfm_reply" ? m.interactive.nfm_reply : null;
        if (!isObject(reply) || reply.name !== "flow" || typeof m.id !== "string") continue;
        const response = typeof reply.response_json === "string" ? parseJson(reply.response_json) : undefined;
        found.push({ id: m.id, from: typeof m.from === "string" ? m.from : "", fromUserId: typeof m.from_user_id === "string" ? m.from_user_id : "", response: isObject(response) ? response : {} });
      }
    }
  }
  return found;
}

/** The Cloud API request body of a text follow-up replying to the completion message. */
export function followupBody(completion, text) {
  const body = { messaging_product: "whatsapp", recipient_type: "individual" };
  if (completion.from) body.to = "+" + completion.from;
  else body.recipient = completion.fromUserId;
  body.type = "text";
  body.text = { body: text };
  body.context = { message_id: completion.id };
  return body;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function createWebhook({ settings, handler, ctx, store, log }) {
  async function sendFollowup(body) {
    if (!settings.whatsappToken || !settings.phoneNumberId) return "skipped";
    const url = `${settings.graphApiUrl}/${settings.graphApiVersion}/${settings.phoneNumberId}/messages`;
    for (let attempt = 0; ; attempt++) {
      let code = "network";
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { Authorization: `Bearer ${settings.whatsappToken}`, "Content-Type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10000),
        });
        if (res.ok) return "sent";
        const answer = parseJson(await res.text());
        code = isObject(answer) && isObject(answer.error) ? answer.error.code : res.status;
        if (!TRANSIENT.has(code)) return `error ${code}`;
      } catch {
        code = "network";
      }
      if (attempt >= BACKOFF_MS.length) return `error ${code}`;
      await sleep(BACKOFF_MS[attempt]);
    }
  }

  async function process(event) {
    for (const c of completions(event)) {
      const key = `wamid:${c.id}`;
      if (store.get(key)) {
        log({ route: "/webhook", event: "duplicate" });
        continue;
      }
      store.set(key, true, DEDUPE_TTL_S);
      let text;
      try {
        text = handler.followup(c.response, ctx);
      } catch (e) {
        log({ route: "/webhook", event: "followup_error", error: e && e.name ? e.name : "Error" });
        continue;
      }
      const result = await sendFollowup(followupBody(c, text));
      log({ route: "/webhook", event: "followup", result });
    }
  }

  return async function webhook(req, res, started, readBody, send) {
    const entry = { route: "/webhook", method: req.method, status: 0 };
    const finish = (status, body = "") => {
      entry.status = status;
      send(res, status, body);
      log({ ...entry, ms: Math.round((performance.now() - started) * 10) / 10 });
    };
    if (req.method === "GET") {
      const q = new URL(req.url, "http://localhost").searchParams;
      const ok = settings.verifyToken && q.get("hub.mode") === "subscribe" && safeEqual(q.get("hub.verify_token") ?? "", settings.verifyToken);
      return ok ? finish(200, q.get("hub.challenge") ?? "") : finish(403);
    }
    const raw = await readBody(req, WEBHOOK_MAX_BYTES);
    if (raw === null) return finish(413);
    if (settings.appSecret) {
      const header = req.headers["x-hub-signature-256"];
      if (header === undefined) return finish(401);
      if (!verifyHubSignature(settings.appSecret, raw, header)) return finish(403);
    }
    const event = parseJson(raw.toString("utf8"));
    if (event === undefined) return finish(400);
    const found = completions(event);
    entry.event = found.length ? "flow_completion" : "ignored";
    finish(200);
    if (found.length) setImmediate(() => process(event).catch(() => {}));
  };
}
