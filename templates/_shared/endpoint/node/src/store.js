// Per-token state, for the use cases that need it (insurance keeps the applicants between
// screens; the webhook remembers message ids it has processed). One small interface:
//   get(key) -> value | undefined, set(key, value, ttlSeconds), delete(key)
// The default keeps state in this process (bounded, with expiry). To run several instances,
// implement the same three methods over Redis (GET / SET key value EX ttl / DEL) or a Postgres
// table (key text primary key, value jsonb, expires_at timestamptz) and pass it to createApp.

export class MemoryStore {
  constructor(maxEntries = 100000) {
    this.max = maxEntries;
    this.map = new Map();
  }

  get(key) {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    if (hit.expires <= Date.now()) {
      this.map.delete(key);
      return undefined;
    }
    return structuredClone(hit.value);
  }

  set(key, value, ttlSeconds) {
    this.map.delete(key);
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value);
    this.map.set(key, { value: structuredClone(value), expires: Date.now() + ttlSeconds * 1000 });
  }

  delete(key) {
    this.map.delete(key);
  }
}
