//! Per-token state behind one small interface. The default keeps entries in memory (bounded,
//! with a TTL); a deployment with several instances implements `Store` on Redis or Postgres
//! (see README) and passes it to `server::State`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

/// Three days: the recommended validity of a flow token.
pub const DEFAULT_TTL_S: u64 = 3 * 24 * 3600;

pub trait Store: Send + Sync {
    fn get(&self, key: &str) -> Option<Value>;
    fn set(&self, key: &str, value: Value, ttl_s: u64);
    fn delete(&self, key: &str);
    /// Sets `key` only when absent (or expired); true when it was set. Used for dedup.
    fn set_if_absent(&self, key: &str, value: Value, ttl_s: u64) -> bool {
        if self.get(key).is_some() {
            return false;
        }
        self.set(key, value, ttl_s);
        true
    }
}

/// In-memory store: at most `capacity` entries; expired entries go first, then the oldest.
pub struct MemoryStore {
    inner: Mutex<HashMap<String, (Instant, u64, Value)>>,
    capacity: usize,
    seq: std::sync::atomic::AtomicU64,
}

impl MemoryStore {
    pub fn new(capacity: usize) -> Self {
        MemoryStore {
            inner: Mutex::new(HashMap::new()),
            capacity: capacity.max(1),
            seq: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, u64, Value)>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn make_room(map: &mut HashMap<String, (Instant, u64, Value)>, capacity: usize) {
        if map.len() < capacity {
            return;
        }
        let now = Instant::now();
        map.retain(|_, (exp, _, _)| *exp > now);
        while map.len() >= capacity {
            let oldest = map.iter().min_by_key(|(_, (_, seq, _))| *seq).map(|(k, _)| k.clone());
            match oldest {
                Some(k) => {
                    map.remove(&k);
                }
                None => break,
            }
        }
    }

    fn insert(&self, map: &mut HashMap<String, (Instant, u64, Value)>, key: &str, value: Value, ttl_s: u64) {
        if !map.contains_key(key) {
            Self::make_room(map, self.capacity);
        }
        let seq = self.seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let exp = Instant::now() + Duration::from_secs(ttl_s);
        map.insert(key.to_owned(), (exp, seq, value));
    }
}

impl Default for MemoryStore {
    fn default() -> Self {
        MemoryStore::new(100_000)
    }
}

impl Store for MemoryStore {
    fn get(&self, key: &str) -> Option<Value> {
        let mut map = self.lock();
        match map.get(key) {
            Some((exp, _, v)) if *exp > Instant::now() => Some(v.clone()),
            Some(_) => {
                map.remove(key);
                None
            }
            None => None,
        }
    }

    fn set(&self, key: &str, value: Value, ttl_s: u64) {
        let mut map = self.lock();
        self.insert(&mut map, key, value, ttl_s);
    }

    fn delete(&self, key: &str) {
        self.lock().remove(key);
    }

    fn set_if_absent(&self, key: &str, value: Value, ttl_s: u64) -> bool {
        let mut map = self.lock();
        if let Some((exp, _, _)) = map.get(key) {
            if *exp > Instant::now() {
                return false;
            }
        }
        self.insert(&mut map, key, value, ttl_s);
        true
    }
}
