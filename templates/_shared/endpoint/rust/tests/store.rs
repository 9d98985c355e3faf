//! The store's contract, the same in the three stubs: run against the memory store, and against
//! Redis when REDIS_URL is given to the tests (`REDIS_URL=redis://127.0.0.1:6379/0 cargo test`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use flow_endpoint::store::{MemoryStore, RedisStore, Store};
use serde_json::json;

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
