//! The store: the little state the endpoint shares between requests and instances. One
//! interface, the same in the Node, Python and Rust stubs (README, "Run more than one instance"):
//!
//! - `claim(key, ttl_s, value) -> bool`: set only if absent, with a TTL (`SET NX EX`)
//! - `get(key) -> Option<Value>` (`GET`)
//! - `put(key, value) -> bool`: replace, keeping the TTL; false when absent (`SET XX KEEPTTL`)
//! - `take(key) -> Option<Value>`: read and delete at once (`GETDEL`)
//! - `seen(message_id, ttl_s) -> bool`: true when the id was already recorded
//! - `health() -> {"backend", "state"}`
//!
//! Values are JSON. Keys are prefixed with KEY_PREFIX (default: the use case). A backend that
//! cannot answer returns `Unavailable`; callers turn that into a clean answer. Backends: memory
//! (default; this process only, bounded) and Redis (REDIS_URL; the `redis` crate's
//! `ConnectionManager`, which reconnects by itself).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use openssl::sha::sha256;
use serde_json::{json, Value};

/// Three days: the validity Meta recommends for a flow token (default STATE_TTL_SECONDS).
pub const DEFAULT_TTL_S: u64 = 3 * 24 * 3600;

/// The store could not answer (connection lost, timeout, server refusing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unavailable(pub String);

pub type StoreResult<T> = Result<T, Unavailable>;

/// The key part for a flow token: never the token itself (it may be a credential).
pub fn token_id(token: &str) -> String {
    sha256(token.as_bytes()).iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn parse(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

/// One of the two backends.
pub enum Store {
    Memory(MemoryStore),
    Redis(RedisStore),
}

impl Store {
    /// The store the environment asks for: Redis when `redis_url` is set, else memory. Must be
    /// called inside the Tokio runtime (the Redis connection is made lazily, on first use).
    pub fn open(redis_url: Option<&str>, prefix: &str, max_entries: usize) -> Result<Store, String> {
        match redis_url {
            Some(url) => RedisStore::open(url, prefix).map(Store::Redis),
            None => Ok(Store::Memory(MemoryStore::new(prefix, max_entries))),
        }
    }

    pub async fn claim(&self, key: &str, ttl_s: u64, value: &Value) -> StoreResult<bool> {
        match self {
            Store::Memory(m) => Ok(m.claim(key, ttl_s, value)),
            Store::Redis(r) => r.claim(key, ttl_s, value).await,
        }
    }

    pub async fn get(&self, key: &str) -> StoreResult<Option<Value>> {
        match self {
            Store::Memory(m) => Ok(m.get(key)),
            Store::Redis(r) => r.get(key).await,
        }
    }

    pub async fn put(&self, key: &str, value: &Value) -> StoreResult<bool> {
        match self {
            Store::Memory(m) => Ok(m.put(key, value)),
            Store::Redis(r) => r.put(key, value).await,
        }
    }

    pub async fn take(&self, key: &str) -> StoreResult<Option<Value>> {
        match self {
            Store::Memory(m) => Ok(m.take(key)),
            Store::Redis(r) => r.take(key).await,
        }
    }

    pub async fn seen(&self, message_id: &str, ttl_s: u64) -> StoreResult<bool> {
        Ok(!self.claim(&format!("seen:{message_id}"), ttl_s, &json!(true)).await?)
    }

    pub async fn health(&self) -> Value {
        match self {
            Store::Memory(_) => json!({"backend": "memory", "state": "up"}),
            Store::Redis(r) => {
                let state = if r.ping().await.is_ok() { "up" } else { "down" };
                json!({"backend": "redis", "state": state})
            }
        }
    }
}

/// This process only; at most `capacity` entries (expired ones go first, then the oldest).
pub struct MemoryStore {
    prefix: String,
    inner: Mutex<HashMap<String, (Instant, u64, String)>>,
    capacity: usize,
    seq: AtomicU64,
}

impl MemoryStore {
    pub fn new(prefix: &str, capacity: usize) -> Self {
        MemoryStore {
            prefix: if prefix.is_empty() { String::new() } else { format!("{prefix}:") },
            inner: Mutex::new(HashMap::new()),
            capacity: capacity.max(1),
            seq: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, u64, String)>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The live entry's text (an expired one is removed).
    fn live(map: &mut HashMap<String, (Instant, u64, String)>, k: &str) -> bool {
        match map.get(k) {
            Some((exp, _, _)) if *exp > Instant::now() => true,
            Some(_) => {
                map.remove(k);
                false
            }
            None => false,
        }
    }

    fn make_room(&self, map: &mut HashMap<String, (Instant, u64, String)>) {
        if map.len() < self.capacity {
            return;
        }
        let now = Instant::now();
        map.retain(|_, (exp, _, _)| *exp > now);
        while map.len() >= self.capacity {
            match map.iter().min_by_key(|(_, (_, seq, _))| *seq).map(|(k, _)| k.clone()) {
                Some(k) => map.remove(&k),
                None => break,
            };
        }
    }

    pub fn claim(&self, key: &str, ttl_s: u64, value: &Value) -> bool {
        let k = format!("{}{key}", self.prefix);
        let mut map = self.lock();
        if Self::live(&mut map, &k) {
            return false;
        }
        self.make_room(&mut map);
        let seq = self.seq.fetch_add(1, Ordering::Relaxed);
        map.insert(k, (Instant::now() + Duration::from_secs(ttl_s.max(1)), seq, value.to_string()));
        true
    }

    pub fn get(&self, key: &str) -> Option<Value> {
        let k = format!("{}{key}", self.prefix);
        let mut map = self.lock();
        if !Self::live(&mut map, &k) {
            return None;
        }
        map.get(&k).and_then(|(_, _, text)| parse(text))
    }

    pub fn put(&self, key: &str, value: &Value) -> bool {
        let k = format!("{}{key}", self.prefix);
        let mut map = self.lock();
        if !Self::live(&mut map, &k) {
            return false;
        }
        if let Some(entry) = map.get_mut(&k) {
            entry.2 = value.to_string();
        }
        true
    }

    pub fn take(&self, key: &str) -> Option<Value> {
        let k = format!("{}{key}", self.prefix);
        let mut map = self.lock();
        if !Self::live(&mut map, &k) {
            return None;
        }
        map.remove(&k).and_then(|(_, _, text)| parse(&text))
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

const UP: u8 = 0;
const DOWN: u8 = 1;

/// Redis through one multiplexed connection that reconnects by itself; commands fail within a
/// second while the server is away, and one log line marks each change between up and down.
pub struct RedisStore {
    conn: redis::aio::ConnectionManager,
    prefix: String,
    state: AtomicU8,
    /// Write the up/down log lines (off in tests).
    pub log: AtomicBool,
}

impl RedisStore {
    pub fn open(url: &str, prefix: &str) -> Result<RedisStore, String> {
        let client = redis::Client::open(url).map_err(|e| format!("REDIS_URL: {e}"))?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_millis(1000)))
            .set_response_timeout(Some(Duration::from_millis(1000)))
            .set_number_of_retries(1)
            .set_min_delay(Duration::from_millis(50))
            .set_max_delay(Duration::from_millis(500));
        let conn = client.get_connection_manager_lazy(config).map_err(|e| format!("REDIS_URL: {e}"))?;
        Ok(RedisStore {
            conn,
            prefix: if prefix.is_empty() { String::new() } else { format!("{prefix}:") },
            state: AtomicU8::new(UP),
            log: AtomicBool::new(true),
        })
    }

    fn mark(&self, to: u8, error: Option<&str>) {
        if self.state.swap(to, Ordering::Relaxed) != to && self.log.load(Ordering::Relaxed) {
            let line = match error {
                Some(e) => json!({"event": "store", "backend": "redis", "state": "down", "error": e}),
                None => json!({"event": "store", "backend": "redis", "state": "up"}),
            };
            println!("{line}");
        }
    }

    async fn run<T: redis::FromRedisValue>(&self, cmd: redis::Cmd) -> StoreResult<T> {
        let mut conn = self.conn.clone();
        match cmd.query_async::<T>(&mut conn).await {
            Ok(v) => {
                self.mark(UP, None);
                Ok(v)
            }
            Err(e) => {
                // connection lost, timeout, or a server refusing (NOAUTH, READONLY, OOM): this
                // request cannot use the store
                let kind = format!("{:?}", e.kind());
                self.mark(DOWN, Some(&kind));
                Err(Unavailable(kind))
            }
        }
    }

    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    async fn claim(&self, key: &str, ttl_s: u64, value: &Value) -> StoreResult<bool> {
        let mut cmd = redis::cmd("SET");
        cmd.arg(self.key(key)).arg(value.to_string()).arg("NX").arg("EX").arg(ttl_s.max(1));
        Ok(self.run::<Option<String>>(cmd).await?.is_some())
    }

    async fn get(&self, key: &str) -> StoreResult<Option<Value>> {
        let mut cmd = redis::cmd("GET");
        cmd.arg(self.key(key));
        Ok(self.run::<Option<String>>(cmd).await?.as_deref().and_then(parse))
    }

    async fn put(&self, key: &str, value: &Value) -> StoreResult<bool> {
        let mut cmd = redis::cmd("SET");
        cmd.arg(self.key(key)).arg(value.to_string()).arg("XX").arg("KEEPTTL");
        Ok(self.run::<Option<String>>(cmd).await?.is_some())
    }

    async fn take(&self, key: &str) -> StoreResult<Option<Value>> {
        let mut cmd = redis::cmd("GETDEL");
        cmd.arg(self.key(key));
        Ok(self.run::<Option<String>>(cmd).await?.as_deref().and_then(parse))
    }

    async fn ping(&self) -> StoreResult<String> {
        self.run::<String>(redis::cmd("PING")).await
    }
}

/// The per-flow-token state of one request (use cases with `handler::KEEPS_STATE`). Loaded
/// before the handler runs and written back after it, so handlers stay synchronous in all three
/// stubs. While the store cannot be read, `get` answers None and the request is marked as
/// needing the store; the server then answers it with a clean error instead.
pub struct Session {
    pub key: String,
    ttl_s: u64,
    loaded: Option<Value>,
    value: Mutex<Option<Value>>,
    unavailable: bool,
    needed: AtomicBool,
    dirty: AtomicBool,
}

impl Session {
    /// No state (use cases that keep none).
    pub fn none() -> Session {
        Session::with(String::new(), 0, None, false)
    }

    fn with(key: String, ttl_s: u64, loaded: Option<Value>, unavailable: bool) -> Session {
        Session {
            key,
            ttl_s,
            value: Mutex::new(loaded.clone()),
            loaded,
            unavailable,
            needed: AtomicBool::new(false),
            dirty: AtomicBool::new(false),
        }
    }

    pub async fn open(store: &Store, token: &str, ttl_s: u64) -> Session {
        let key = format!("state:{}", token_id(token));
        match store.get(&key).await {
            Ok(loaded) => Session::with(key, ttl_s, loaded, false),
            Err(_) => Session::with(key, ttl_s, None, true),
        }
    }

    pub fn get(&self) -> Option<Value> {
        if self.unavailable {
            self.needed.store(true, Ordering::Relaxed);
            return None;
        }
        self.value.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn set(&self, value: Value) {
        if self.unavailable {
            self.needed.store(true, Ordering::Relaxed);
        }
        *self.value.lock().unwrap_or_else(|p| p.into_inner()) = Some(value);
        self.dirty.store(true, Ordering::Relaxed);
    }

    /// The handler needed the state and the store could not give it.
    pub fn failed(&self) -> bool {
        self.needed.load(Ordering::Relaxed)
    }

    /// Writes the state back: replaces it keeping its TTL, or creates it with the TTL.
    pub async fn save(&self, store: &Store) -> StoreResult<()> {
        if !self.dirty.load(Ordering::Relaxed) {
            return Ok(());
        }
        let Some(value) = self.value.lock().unwrap_or_else(|p| p.into_inner()).clone() else {
            return Ok(());
        };
        if self.loaded.is_some() && store.put(&self.key, &value).await? {
            return Ok(());
        }
        if store.claim(&self.key, self.ttl_s, &value).await? {
            return Ok(());
        }
        store.put(&self.key, &value).await.map(|_| ())
    }
}

/// The store's contract, the same in the three stubs: against the memory store, and against Redis
/// when REDIS_URL is given to the tests (`REDIS_URL=redis://127.0.0.1:6379/0 cargo test`). Unit
/// tests, so `cargo test` builds no extra test binary for them.
#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn prefix() -> String {
        let mut nonce = [0u8; 4];
        openssl::rand::rand_bytes(&mut nonce).unwrap();
        format!("t{}", nonce.iter().map(|b| format!("{b:02x}")).collect::<String>())
    }

    fn open(backend: &str, prefix: &str) -> Store {
        match backend {
            "memory" => Store::Memory(MemoryStore::new(prefix, 100_000)),
            _ => Store::Redis(RedisStore::open(&std::env::var("REDIS_URL").unwrap(), prefix).unwrap()),
        }
    }

    fn backends() -> Vec<&'static str> {
        let mut b = vec!["memory"];
        if std::env::var("REDIS_URL").is_ok() {
            b.push("redis");
        }
        b
    }

    #[tokio::test]
    async fn claim_sets_only_when_absent_and_values_are_json() {
        for b in backends() {
            let s = open(b, &prefix());
            assert!(s.claim("a", 60, &json!({"n": 1, "list": ["x"]})).await.unwrap(), "{b}");
            assert!(!s.claim("a", 60, &json!({"n": 2})).await.unwrap(), "{b}");
            assert_eq!(s.get("a").await.unwrap(), Some(json!({"n": 1, "list": ["x"]})), "{b}");
            assert_eq!(s.get("missing").await.unwrap(), None, "{b}");
        }
    }

    #[tokio::test]
    async fn put_keeps_the_ttl_and_never_creates() {
        for b in backends() {
            let s = open(b, &prefix());
            assert!(!s.put("none", &json!(1)).await.unwrap(), "{b}");
            assert_eq!(s.get("none").await.unwrap(), None, "{b}");
            s.claim("k", 1, &json!("first")).await.unwrap();
            assert!(s.put("k", &json!("second")).await.unwrap(), "{b}");
            assert_eq!(s.get("k").await.unwrap(), Some(json!("second")), "{b}");
            tokio::time::sleep(Duration::from_millis(1300)).await;
            assert_eq!(s.get("k").await.unwrap(), None, "{b}: put must not extend or clear the TTL");
        }
    }

    #[tokio::test]
    async fn take_is_single_use() {
        for b in backends() {
            let s = open(b, &prefix());
            s.claim("t", 60, &json!({"spent": false})).await.unwrap();
            assert_eq!(s.take("t").await.unwrap(), Some(json!({"spent": false})), "{b}");
            assert_eq!(s.take("t").await.unwrap(), None, "{b}");
            assert_eq!(s.get("t").await.unwrap(), None, "{b}");
            assert!(s.claim("t", 60, &json!(true)).await.unwrap(), "{b}");
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn claim_is_atomic_under_50_concurrent_callers() {
        for b in backends() {
            let p = prefix();
            // two stores on one key space: two instances (for Redis, two connections)
            let stores = [Arc::new(open(b, &p)), Arc::new(open(b, &p))];
            let stores = if b == "memory" { [stores[0].clone(), stores[0].clone()] } else { stores };
            let tasks: Vec<_> = (0..50)
                .map(|i| {
                    let s = stores[i % 2].clone();
                    tokio::spawn(async move { s.claim("race", 60, &json!(i)).await.unwrap() })
                })
                .collect();
            let mut won = 0;
            for t in tasks {
                won += usize::from(t.await.unwrap());
            }
            assert_eq!(won, 1, "{b}");
        }
    }

    #[tokio::test]
    async fn entries_expire() {
        for b in backends() {
            let s = open(b, &prefix());
            s.claim("e", 1, &json!(true)).await.unwrap();
            assert!(!s.seen("m1", 1).await.unwrap(), "{b}");
            assert!(s.seen("m1", 1).await.unwrap(), "{b}");
            tokio::time::sleep(Duration::from_millis(1300)).await;
            assert_eq!(s.get("e").await.unwrap(), None, "{b}");
            assert!(s.claim("e", 60, &json!(true)).await.unwrap(), "{b}");
            assert!(!s.seen("m1", 60).await.unwrap(), "{b}");
        }
    }

    #[tokio::test]
    async fn keys_are_prefixed_per_flow() {
        for b in backends() {
            let (a, other) = (open(b, &prefix()), open(b, &prefix()));
            a.claim("same", 60, &json!("a")).await.unwrap();
            assert_eq!(other.get("same").await.unwrap(), None, "{b}");
            assert_eq!(a.health().await, json!({"backend": b, "state": "up"}));
        }
    }

    #[tokio::test]
    async fn memory_store_is_bounded() {
        let s = MemoryStore::new("p", 2);
        for k in ["a", "b", "c"] {
            s.claim(k, 60, &json!(k));
        }
        assert_eq!(s.len(), 2);
        assert_eq!(s.get("a"), None);
        assert_eq!(s.get("c"), Some(json!("c")));
    }

    #[tokio::test]
    async fn unreachable_redis_fails_fast_and_reports_down() {
        let r = RedisStore::open("unix:///nonexistent/flow-endpoint-test.sock", "x").unwrap();
        r.log.store(false, std::sync::atomic::Ordering::Relaxed);
        let s = Store::Redis(r);
        let started = Instant::now();
        assert!(s.get("k").await.is_err());
        assert!(s.claim("k", 60, &json!(true)).await.is_err());
        assert_eq!(s.health().await, json!({"backend": "redis", "state": "down"}));
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
