// Runtime configuration: environment variables, and the two files flowgen wrote beside the
// code: config.json (every parameter and the locale's messages) and contract.json (screens,
// their declared data and the routing model, derived from flow.json).

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "./crypto.js";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function readJson(path, variable) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ConfigError(`${variable}=${path} cannot be read as JSON (${e.code || e.message}): regenerate it with flowgen`);
  }
}

/** The settings every part of the stub reads, from `env` (process.env by default). */
export function settings(env = process.env) {
  const mode = (env.FLOW_TOKEN_SIGNATURE || (env.APP_SECRET ? "enforce" : "off")).toLowerCase();
  if (!["off", "log", "enforce"].includes(mode)) {
    throw new ConfigError(`FLOW_TOKEN_SIGNATURE=${env.FLOW_TOKEN_SIGNATURE}: use off, log or enforce`);
  }
  const port = env.PORT === undefined || env.PORT === "" ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT=${env.PORT}: use a port number between 0 and 65535`);
  }
  const maxBody = env.MAX_BODY_BYTES ? Number(env.MAX_BODY_BYTES) : 1048576;
  if (!Number.isInteger(maxBody) || maxBody < 1) {
    throw new ConfigError(`MAX_BODY_BYTES=${env.MAX_BODY_BYTES}: use a positive number of bytes`);
  }
  const redisUrl = (env.REDIS_URL || "").trim();
  if (redisUrl && !/^(rediss?|unix):\/\//.test(redisUrl)) {
    throw new ConfigError("REDIS_URL: use redis://host:port/db, rediss://host:port/db (TLS) or unix:///path/to/redis.sock");
  }
  const whole = (name, fallback, unit = "seconds") => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name}=${raw}: use a whole number of ${unit} (at least 1)`);
    return n;
  };
  const singleUse = (env.FLOW_TOKEN_SINGLE_USE || "0").trim();
  if (!["0", "1"].includes(singleUse)) throw new ConfigError(`FLOW_TOKEN_SINGLE_USE=${env.FLOW_TOKEN_SINGLE_USE}: use 1 (on) or 0 (off)`);
  const config = readJson(resolve(projectRoot, env.CONFIG_FILE || "config.json"), "CONFIG_FILE");
  return {
    redisUrl,
    keyPrefix: env.KEY_PREFIX || config.use_case || "flow",
    stateTtlS: whole("STATE_TTL_SECONDS", 3 * 24 * 3600),
    dedupeTtlS: whole("DEDUPE_TTL_SECONDS", 7 * 24 * 3600),
    storeMaxEntries: whole("STORE_MAX_ENTRIES", 100000, "entries"),
    singleUse: singleUse === "1",
    port,
    appSecret: env.APP_SECRET || "",
    flowTokenSecret: env.FLOW_TOKEN_SECRET || "",
    flowTokenSignature: mode,
    maxBodyBytes: maxBody,
    verifyToken: env.VERIFY_TOKEN || "",
    whatsappToken: env.WHATSAPP_TOKEN || "",
    phoneNumberId: env.PHONE_NUMBER_ID || "",
    graphApiUrl: (env.GRAPH_API_URL || "https://graph.facebook.com").replace(/\/+$/, ""),
    graphApiVersion: env.GRAPH_API_VERSION || "v25.0",
    config,
    contract: readJson(resolve(projectRoot, env.CONTRACT_FILE || "contract.json"), "CONTRACT_FILE"),
  };
}

