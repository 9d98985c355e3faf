// The HTTP server: the data endpoint (`POST /`) and the WhatsApp webhook (`GET|POST /webhook`).
// The order of checks on `POST /` is the spec's: size (413), signature (432), JSON (400),
// decryption (421), ping, error notification, flow token (427), then the use-case handler.
// Every failure is answered; nothing a client sends can stop the process.

import { createServer } from "node:http";
import { blankData, screenSends } from "./contract.js";
import { DecryptError, decryptRequest, encryptResponse } from "./crypto.js";
import { isObject, parseJson } from "./json.js";
import { verifyFlowTokenSignature, verifyHubSignature } from "./signature.js";
import { MemoryStore, Session, StoreUnavailable, tokenId } from "./store.js";
import { verifyToken } from "./token.js";
import { createWebhook } from "./webhook.js";
import * as format from "./format.js";

/** Writes one JSON log line. Never pass personal data, tokens or payloads here. */
export function logLine(fields) {
  process.stdout.write(JSON.stringify(fields) + "\n");
}

/** Reads the body; resolves to null when it exceeds `limit` bytes (reading stops there). */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > limit) return resolve(null);
    const chunks = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.pause();
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

function send(res, status, body = "", type = "text/plain") {
  if (res.headersSent) return;
  const headers = { "Content-Type": type, "Content-Length": Buffer.byteLength(body) };
  if (status === 413) headers.Connection = "close";
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * The server. `handler` is the use case's module (handler.js); `privateKey` may be null for a
 * use case without a data endpoint; `store` (store.js) defaults to the in-memory store.
 */
export function createApp({ settings, privateKey, handler, store = new MemoryStore(), log = logLine }) {
  const { config, contract } = settings;
  const ctx = { config, contract, text: config.text, params: config.params, store, format, currency: config.currency, locale: config.locale };
  const webhook = createWebhook({ settings, handler, ctx, store, log });

  async function dataEndpoint(req, res, started) {
    const entry = { route: "/", action: null, screen: null, status: 0 };
    const finish = (status, body = "") => {
      entry.status = status;
      send(res, status, body);
      log({ ...entry, ms: Math.round((performance.now() - started) * 10) / 10 });
    };
    if (!handler.hasDataEndpoint) return finish(404);
    const raw = await readBody(req, settings.maxBodyBytes);
    if (raw === null) return finish(413);
    if (settings.appSecret && !verifyHubSignature(settings.appSecret, raw, req.headers["x-hub-signature-256"])) {
      return finish(432);
    }
    const outer = raw.length ? parseJson(raw.toString("utf8")) : undefined;
    if (outer === undefined) return finish(400);
    let decrypted;
    try {
      decrypted = decryptRequest(outer, privateKey);
    } catch (e) {
      if (e instanceof DecryptError) return finish(421);
      throw e;
    }
    const { plaintext, aesKey, iv } = decrypted;
    const request = parseJson(plaintext.toString("utf8"));
    if (!isObject(request)) return finish(400);
    const reply = (obj, status = 200) => finish(status, encryptResponse(obj, aesKey, iv));
    entry.action = typeof request.action === "string" ? request.action.slice(0, 32) : null;
    entry.screen = typeof request.screen === "string" ? request.screen.slice(0, 64) : null;

    if (request.action === "ping") return reply({ data: { status: "active" } });
    const data = isObject(request.data) ? request.data : {};
    if (data.error !== undefined) {
      entry.error = String(data.error).slice(0, 64);
      return reply({ data: { acknowledged: true } });
    }
    if (!tokenAccepted(request, entry)) return reply({ error_msg: ctx.text.token_expired }, 427);

    const req2 = { action: request.action, screen: request.screen || "", data, flow_token: String(request.flow_token ?? "") };
    let response;
    try {
      if (await spent(req2.flow_token)) {
        entry.token = "spent";
        return reply({ error_msg: ctx.text.token_expired }, 427);
      }
      if (handler.keepsState) req2.session = await Session.open(store, req2.flow_token, settings.stateTtlS);
      try {
        const fromHere = request.action !== "data_exchange" || screenSends(contract, req2.screen, data.intent);
        if (["INIT", "BACK", "data_exchange"].includes(request.action) && fromHere) response = await handler.handle(req2, ctx);
      } catch (e) {
        if (e instanceof StoreUnavailable) throw e;
        entry.handler_error = e && e.name ? e.name : "Error";
      }
      if (isObject(response) && !(await settle(req2, response))) {
        entry.token = "spent";
        return reply({ error_msg: ctx.text.token_expired }, 427);
      }
    } catch (e) {
      if (!(e instanceof StoreUnavailable)) throw e;
      // the request needs the store and it cannot answer: a clean retry-able answer, no crash
      entry.store = "unavailable";
      response = undefined;
    }
    if (!isObject(response)) response = fallback(req2);
    if (isObject(response.data) && "error_message" in response.data) {
      // A screen shown again with a message still carries every key it declares.
      response = { ...response, data: { ...blankData(contract, response.screen), ...response.data } };
    }
    entry.next = response.screen;
    return reply(response);
  }

  /** Single-use tokens (FLOW_TOKEN_SINGLE_USE=1): was this token already spent, on any instance? */
  async function spent(token) {
    return Boolean(settings.singleUse && token && (await store.get("spent:" + tokenId(token))));
  }

  /**
   * After the handler: an answer that reaches a terminal screen spends the token (single-use on;
   * false when another request spent it first) and drops its state; else the state is saved.
   */
  async function settle(req, response) {
    const terminal = contract.screens.some((s) => s.id === response.screen && s.terminal);
    if (terminal && settings.singleUse && req.flow_token) {
      if (!(await store.claim("spent:" + tokenId(req.flow_token), settings.stateTtlS))) return false;
      if (req.session) await store.take(req.session.key);
      return true;
    }
    if (req.session) await req.session.save();
    return true;
  }

  function tokenAccepted(request, entry) {
    const token = request.flow_token;
    if (settings.flowTokenSecret && !verifyToken(settings.flowTokenSecret, token)) return false;
    const jwt = request.flow_token_signature;
    if (jwt !== undefined && settings.appSecret && settings.flowTokenSignature !== "off") {
      if (!verifyFlowTokenSignature(settings.appSecret, jwt, token)) {
        entry.flow_token_signature = "invalid";
        if (settings.flowTokenSignature === "enforce") return false;
      }
    }
    return true;
  }

  /** The clean answer to a request the handler could not serve: same screen, with a message. */
  function fallback(req) {
    const known = contract.screens.some((s) => s.id === req.screen);
    const screen = known ? req.screen : contract.entry_screen;
    const data = (handler.screenData && handler.screenData(screen, ctx)) || blankData(contract, screen);
    return { screen, data: { ...data, error_message: ctx.text.request_not_understood } };
  }

  return createServer(async (req, res) => {
    const started = performance.now();
    try {
      const path = (req.url || "/").split("?")[0];
      if (path === "/" && req.method === "POST") return await dataEndpoint(req, res, started);
      if (path === "/healthz" && req.method === "GET") {
        const body = JSON.stringify({ status: "ok", store: await store.health() });
        send(res, 200, body, "application/json");
        return log({ route: "/healthz", method: "GET", status: 200, ms: Math.round((performance.now() - started) * 10) / 10 });
      }
      if (path === "/webhook" && (req.method === "GET" || req.method === "POST")) {
        return await webhook(req, res, started, readBody, send);
      }
      send(res, 404);
      log({ route: path.slice(0, 64), method: req.method, status: 404, ms: Math.round((performance.now() - started) * 10) / 10 });
    } catch (e) {
      send(res, 500);
      log({ route: "?", status: 500, error: e && e.name ? e.name : "Error" });
    }
  });
}
