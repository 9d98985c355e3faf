// The business's WhatsApp webhook: `GET /webhook` answers Meta's verification challenge;
// `POST /webhook` checks the signature, finds Flow completions (`nfm_reply` messages), records
// their message ids in the store (one atomic `seen` each, so a completion delivered to several
// instances is processed once), answers 200, then sends the use case's follow-up message
// through the Cloud API. If the store cannot answer, the delivery gets 503 and Meta sends it
// again later.

import { isObject, parseJson } from "./json.js";
import { safeEqual, verifyHubSignature } from "./signature.js";
import { StoreUnavailable } from "./store.js";

const WEBHOOK_MAX_BYTES = 3 * 1024 * 1024;
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

  /** The completions not processed before (by any instance sharing the store). */
  async function fresh(found) {
    const out = [];
    for (const c of found) if (!(await store.seen(c.id, settings.dedupeTtlS))) out.push(c);
    return out;
  }

  async function process(found) {
    for (const c of found) {
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
    let todo = [];
    try {
      todo = await fresh(found);
    } catch (e) {
      if (!(e instanceof StoreUnavailable)) throw e;
      entry.store = "unavailable";
      return finish(503);
    }
    entry.event = todo.length ? "flow_completion" : found.length ? "duplicate" : "ignored";
    finish(200);
    if (todo.length) setImmediate(() => process(todo).catch(() => {}));
  };
}
