// The store: the little state the endpoint shares between requests and instances. One
// interface, the same in the Node, Python and Rust stubs (docs: README "Run more than one
// instance"):
//   claim(key, ttlS, value = true) -> bool   set only if absent, with a TTL (SET NX EX)
//   get(key) -> value | null                 (GET)
//   put(key, value) -> bool                  replace, keeping the TTL; false if absent (SET XX KEEPTTL)
//   take(key) -> value | null                read and delete at once (GETDEL)
//   seen(id, ttlS) -> bool                   true when `id` was already recorded (claim of "seen:<id>")
//   health() -> { backend, state }
// Values are JSON. Keys are prefixed with KEY_PREFIX (default: the use case). A backend that
// cannot answer throws StoreUnavailable; callers turn that into a clean answer.
// Backends: MemoryStore (default; this process only, bounded) and RedisStore (REDIS_URL).

import { createHash } from "node:crypto";

export class StoreUnavailable extends Error {
  constructor(reason = "unavailable") {
    super(`store unavailable (${reason})`);
    this.name = "StoreUnavailable";
    this.reason = reason;
  }
}

/** The key part for a flow token: never the token itself (it may be a credential). */
export function tokenId(token) {
  return createHash("sha256").update(String(token)).digest("hex").slice(0, 32);
}

const ttlMs = (ttlS) => Math.max(1, Math.ceil(Number(ttlS))) * 1000;

/** This process only; at most `maxEntries` entries (expired ones go first, then the oldest). */
export class MemoryStore {
  constructor({ prefix = "", maxEntries = 100000 } = {}) {
    this.prefix = prefix ? prefix + ":" : "";
    this.max = maxEntries;
    this.map = new Map();
  }

  live(k) {
    const hit = this.map.get(k);
    if (hit && hit.expires <= Date.now()) {
      this.map.delete(k);
      return undefined;
    }
    return hit;
  }

  makeRoom() {
    if (this.map.size < this.max) return;
    const now = Date.now();
    for (const [k, v] of this.map) if (v.expires <= now) this.map.delete(k);
    while (this.map.size >= this.max) this.map.delete(this.map.keys().next().value);
  }

  async claim(key, ttlS, value = true) {
    const k = this.prefix + key;
    if (this.live(k)) return false;
    this.makeRoom();
    this.map.set(k, { text: JSON.stringify(value), expires: Date.now() + ttlMs(ttlS) });
    return true;
  }

  async get(key) {
    const hit = this.live(this.prefix + key);
    return hit ? JSON.parse(hit.text) : null;
  }

  async put(key, value) {
    const hit = this.live(this.prefix + key);
    if (!hit) return false;
    hit.text = JSON.stringify(value);
    return true;
  }

  async take(key) {
    const k = this.prefix + key;
    const hit = this.live(k);
    if (!hit) return null;
    this.map.delete(k);
    return JSON.parse(hit.text);
  }

  async seen(id, ttlS) {
    return !(await this.claim(`seen:${id}`, ttlS));
  }

  async health() {
    return { backend: "memory", state: "up" };
  }

  async close() {}
}

/**
 * Redis through node-redis (`redis` package): one connection, reconnecting by itself with a
 * capped back-off. While it is down, commands fail at once (no offline queue), so a request
 * never waits on a dead server; one log line when it goes down and one when it is back.
 */
export class RedisStore {
  static async connect(url, { prefix = "", log = () => {} } = {}) {
    const { createClient } = await import("redis");
    const options = {
      disableOfflineQueue: true,
      socket: { connectTimeout: 1000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) },
    };
    const unix = /^unix:\/\/([^?]+)(?:\?(.*))?$/.exec(url);
    if (unix) {
      options.socket.path = decodeURIComponent(unix[1]);
      const db = new URLSearchParams(unix[2] || "").get("db");
      if (db) options.database = Number(db);
    } else {
      options.url = url;
    }
    const client = createClient(options);
    const store = new RedisStore(client, prefix, log);
    client.on("error", (e) => store.down(e));
    client.on("ready", () => store.up());
    client.connect().catch((e) => store.down(e));
    return store;
  }

  constructor(client, prefix, log) {
    this.client = client;
    this.prefix = prefix ? prefix + ":" : "";
    this.log = log;
    this.state = "connecting";
  }

  down(e) {
    if (this.state === "down") return;
    this.state = "down";
    this.log({ event: "store", backend: "redis", state: "down", error: (e && (e.code || e.name)) || "Error" });
  }

  up() {
    if (this.state === "up") return;
    const was = this.state;
    this.state = "up";
    if (was === "down") this.log({ event: "store", backend: "redis", state: "up" });
  }

  async command(args) {
    try {
      return await this.client.sendCommand(args);
    } catch (e) {
      // connection lost, offline, timeout, or a server refusing (NOAUTH, READONLY, OOM): all
      // mean this request cannot use the store
      throw new StoreUnavailable((e && (e.code || e.name)) || "Error");
    }
  }

  async claim(key, ttlS, value = true) {
    const ttl = String(Math.max(1, Math.ceil(Number(ttlS))));
    return (await this.command(["SET", this.prefix + key, JSON.stringify(value), "NX", "EX", ttl])) === "OK";
  }

  async get(key) {
    const text = await this.command(["GET", this.prefix + key]);
    return text === null || text === undefined ? null : JSON.parse(text);
  }

  async put(key, value) {
    return (await this.command(["SET", this.prefix + key, JSON.stringify(value), "XX", "KEEPTTL"])) === "OK";
  }

  async take(key) {
    const text = await this.command(["GETDEL", this.prefix + key]);
    return text === null || text === undefined ? null : JSON.parse(text);
  }

  async seen(id, ttlS) {
    return !(await this.claim(`seen:${id}`, ttlS));
  }

  async health() {
    try {
      await this.command(["PING"]);
      return { backend: "redis", state: "up" };
    } catch {
      return { backend: "redis", state: "down" };
    }
  }

  async close() {
    try {
      await this.client.close();
    } catch {
      // already closed
    }
  }
}

/** The store the environment asks for: Redis when REDIS_URL is set, else memory. */
export async function openStore(settings, log) {
  const prefix = settings.keyPrefix;
  if (settings.redisUrl) return RedisStore.connect(settings.redisUrl, { prefix, log });
  return new MemoryStore({ prefix, maxEntries: settings.storeMaxEntries });
}

/**
 * The per-flow-token state of one request (the use cases that keep state: handler.keepsState).
 * Loaded before the handler runs and written back after it, so handlers stay synchronous in
 * all three languages. get() throws StoreUnavailable when the store could not be read.
 */
export class Session {
  static async open(store, token, ttlS) {
    const s = new Session(store, "state:" + tokenId(token), ttlS);
    try {
      s.loaded = await store.get(s.key);
    } catch (e) {
      if (!(e instanceof StoreUnavailable)) throw e;
      s.unavailable = true;
    }
    s.value = s.loaded;
    return s;
  }

  constructor(store, key, ttlS) {
    Object.assign(this, { store, key, ttlS, loaded: null, value: null, unavailable: false, dirty: false });
  }

  get() {
    if (this.unavailable) throw new StoreUnavailable("read");
    return this.value === null ? null : structuredClone(this.value);
  }

  /** The state if it could be read, else null (for redisplaying a screen). */
  peek() {
    return this.unavailable ? null : this.get();
  }

  set(value) {
    this.value = structuredClone(value);
    this.dirty = true;
  }

  /** Writes the state back: replaces it keeping its TTL, or creates it with the TTL. */
  async save() {
    if (!this.dirty) return;
    if (this.unavailable) throw new StoreUnavailable("write");
    if (this.loaded !== null && (await this.store.put(this.key, this.value))) return;
    if (await this.store.claim(this.key, this.ttlS, this.value)) return;
    await this.store.put(this.key, this.value);
  }
}
