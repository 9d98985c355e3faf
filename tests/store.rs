//! The stubs past one machine (issue 18): for each language, two instances of the generated
//! insurance-quote stub share one real `redis-server` (started here on a unix socket, persistence
//! off) behind a round-robin TCP proxy on 127.0.0.1. A journey alternating between them prices the
//! quote exactly as one instance does; a spent token gets 427 from both; the same completion
//! delivered to both sends one follow-up; Redis stopped mid-journey leaves the stubs up and
//! answering, and they recover by themselves once it is back.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use flowgen::endpoint::protocol;
use flowgen_e2e::stubs::{
    completion_delivery, exchange_on, http, project, FakeGraph, Project, Server, APP_SECRET,
};
use serde_json::{json, Value};

/// A real redis-server on a unix socket in a temp dir: no port races, no persistence.
struct Redis {
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl Redis {
    fn start() -> Option<Redis> {
        let probe = Command::new("redis-server").arg("--version").output();
        if probe.is_err() {
            return None;
        }
        let mut r = Redis {
            dir: tempfile::tempdir().expect("temp dir"),
            child: None,
        };
        r.launch();
        Some(r)
    }

    fn socket(&self) -> PathBuf {
        self.dir.path().join("redis.sock")
    }

    fn url(&self) -> String {
        format!("unix://{}", self.socket().display())
    }

    fn launch(&mut self) {
        let child = Command::new("redis-server")
            .args(["--port", "0", "--unixsocket"])
            .arg(self.socket())
            .args(["--save", "", "--appendonly", "no", "--dir"])
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start redis-server");
        self.child = Some(child);
        let end = Instant::now() + Duration::from_secs(10);
        while !ping(&self.socket()) {
            assert!(Instant::now() < end, "redis-server did not answer PING");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        let _ = std::fs::remove_file(self.socket());
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.stop();
    }
}

fn ping(socket: &Path) -> bool {
    let Ok(mut s) = UnixStream::connect(socket) else {
        return false;
    };
    let mut buf = [0u8; 7];
    s.set_read_timeout(Some(Duration::from_secs(1))).ok();
    s.write_all(b"PING\r\n").is_ok() && s.read_exact(&mut buf).is_ok() && &buf == b"+PONG\r\n"
}

/// Round-robin TCP proxy on 127.0.0.1: connection n goes to backend n mod len. The harness's
/// requests use one connection each, so consecutive requests alternate between instances.
struct Proxy {
    port: u16,
}

impl Proxy {
    fn start(backends: Vec<u16>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let port = listener.local_addr().unwrap().port();
        let next = Arc::new(AtomicUsize::new(0));
        std::thread::spawn(move || {
            for client in listener.incoming().map_while(Result::ok) {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Ok(upstream) = TcpStream::connect(("127.0.0.1", backends[n % backends.len()]))
                else {
                    continue;
                };
                pipe(client.try_clone().unwrap(), upstream.try_clone().unwrap());
                pipe(upstream, client);
            }
        });
        Proxy { port }
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream) {
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut from, &mut to);
        let _ = to.shutdown(Shutdown::Write);
    });
}

/// An insurance journey (one applicant, a health risk, every add-on) to SUMMARY through `port`;
/// returns every answer.
fn journey(p: &Project, port: u16, token: &str) -> Vec<Value> {
    let c = p.config();
    let params = &c["params"];
    let version = c["data_api_version"].clone();
    let cover = params["cover_options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] != "children")
        .expect("a cover for the applicant");
    let excess = params["excess_options"].as_array().unwrap().last().unwrap();
    let questions = params["health_questions"].as_array().unwrap();
    let health: serde_json::Map<String, Value> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let answer = if i == 0 { "yes" } else { "no" };
            (
                format!("health_{}", q["id"].as_str().unwrap()),
                json!(answer),
            )
        })
        .collect();
    let plan = &params["plans"][0]["id"];
    let addons: Vec<&Value> = params["addons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["id"])
        .collect();
    let frequency = &params["payment_frequencies"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()["id"];
    let steps = [
        ("INIT", "", json!({})),
        (
            "data_exchange",
            "DETAILS",
            json!({"intent": "details", "cover": cover["id"], "extra_count": "0",
            "cover_level": params["cover_levels"][0]["id"], "excess": format!("{}", excess["amount"].as_f64().unwrap() as i64),
            "full_name": "Ana Souza", "address": "Rua A, 1", "postal_code": "01310-100", "dob": "1985-03-02", "email": "ana@example.com"}),
        ),
        ("data_exchange", "HEALTH", {
            let mut h = health.clone();
            h.insert("intent".into(), json!("health"));
            Value::Object(h)
        }),
        (
            "data_exchange",
            "PLANS",
            json!({"intent": "plan", "plan": plan}),
        ),
        (
            "data_exchange",
            "PLAN_DETAIL",
            json!({"intent": "customise", "plan": plan, "addons": addons}),
        ),
        (
            "data_exchange",
            "QUOTE",
            json!({"intent": "quote", "plan": plan, "addons": addons, "frequency": frequency}),
        ),
    ];
    let expected = [
        "APPLICANTS",
        "HEALTH",
        "PLANS",
        "PLAN_DETAIL",
        "QUOTE",
        "SUMMARY",
    ];
    let mut answers = Vec::new();
    for ((action, screen, data), want) in steps.into_iter().zip(expected) {
        let payload = json!({"version": version, "action": action, "screen": screen, "data": data, "flow_token": token});
        let (status, answer) = exchange_on(port, &payload);
        let answer = answer.unwrap_or(Value::Null);
        assert_eq!(status, 200, "{} {action} on {screen}: {answer}", p.lang);
        assert_eq!(
            answer["screen"], want,
            "{} {action} on {screen}: {answer}",
            p.lang
        );
        assert!(
            answer["data"].get("error_message").is_none(),
            "{} {action} on {screen}: {answer}",
            p.lang
        );
        answers.push(answer);
    }
    answers
}

fn healthz(port: u16) -> Value {
    let (status, body) = http(port, "GET", "/healthz", &[], b"");
    assert_eq!(status, 200, "/healthz: {body}");
    serde_json::from_str(&body).unwrap_or_else(|_| panic!("/healthz is not JSON: {body}"))
}

fn wait_store(servers: &[&Server], state: &str) {
    let end = Instant::now() + Duration::from_secs(20);
    for s in servers {
        while healthz(s.port)["store"]["state"] != state {
            assert!(
                Instant::now() < end,
                "the store never reported {state}:\n{}",
                s.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Whether `s` logged `needle` (within 10 s: its output is read by another thread).
fn logged(s: &Server, needle: &str) -> bool {
    let end = Instant::now() + Duration::from_secs(10);
    while !s.log().contains(needle) {
        if Instant::now() > end {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

fn post_webhook(port: u16, body: &str) -> u16 {
    let sig = protocol::hub_signature(APP_SECRET.as_bytes(), body.as_bytes()).unwrap();
    http(
        port,
        "POST",
        "/webhook",
        &[("X-Hub-Signature-256", &sig)],
        body.as_bytes(),
    )
    .0
}

fn two_instances_share_one_redis(lang: &'static str) {
    let Some(mut redis) = Redis::start() else {
        eprintln!("redis-server is not installed: skipping the {lang} shared-store test");
        return;
    };
    let p = project("insurance-quote", lang, &[]);
    let graph = FakeGraph::start();
    let graph_url = format!("http://127.0.0.1:{}", graph.port);
    let url = redis.url();
    let env = [
        ("REDIS_URL", url.as_str()),
        ("FLOW_TOKEN_SINGLE_USE", "1"),
        ("WHATSAPP_TOKEN", "wa-token"),
        ("PHONE_NUMBER_ID", "106540352242922"),
        ("GRAPH_API_URL", graph_url.as_str()),
    ];
    let (a, b) = (p.start(&env), p.start(&env));
    wait_store(&[&a, &b], "up");
    assert_eq!(
        healthz(a.port)["store"],
        json!({"backend": "redis", "state": "up"})
    );
    let proxy = Proxy::start(vec![a.port, b.port]);

    // the same figures alternating between instances as on one instance
    let solo = journey(&p, a.port, "solo-token");
    let pair = journey(&p, proxy.port, "pair-token");
    let strip = |answers: &[Value]| -> Vec<Value> {
        answers
            .iter()
            .map(|v| {
                let mut v = v.clone();
                v["data"].as_object_mut().map(|d| d.remove("quote_id"));
                v
            })
            .collect()
    };
    assert_eq!(
        strip(&pair),
        strip(&solo),
        "{lang}: alternating instances changed the answers"
    );
    for s in [&a, &b] {
        assert!(
            logged(s, "\"data_exchange\""),
            "{lang}: one instance got no request"
        );
    }

    // the token is spent on both instances once SUMMARY was answered
    let text = p.config()["text"]["token_expired"]
        .as_str()
        .unwrap()
        .to_owned();
    for s in [&a, &b] {
        let again = json!({"version": "3.0", "action": "data_exchange", "screen": "QUOTE",
            "data": {"intent": "quote"}, "flow_token": "pair-token"});
        let (status, answer) = s.exchange(&again);
        assert_eq!(status, 427, "{lang}: a spent token was served");
        assert_eq!(answer.unwrap()["error_msg"], text.as_str());
    }

    // the same completion delivered to both instances: one follow-up
    let response = json!({"quote_id": pair[5]["data"]["quote_id"], "plan": p.config()["params"]["plans"][0]["id"],
        "price": "x", "flow_token": "pair-token"});
    let delivery = completion_delivery(&format!("wamid.store-{lang}"), &response);
    let (d1, d2) = (delivery.clone(), delivery);
    let (pa, pb) = (a.port, b.port);
    let t = std::thread::spawn(move || post_webhook(pa, &d1));
    assert_eq!(post_webhook(pb, &d2), 200);
    assert_eq!(t.join().unwrap(), 200);
    assert_eq!(graph.wait_for(1, 10).len(), 1);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        graph.requests.lock().unwrap().len(),
        1,
        "{lang}: a duplicate completion was sent twice"
    );

    // Redis stopped mid-journey: the stubs stay up, answer pings, stateful requests get a clean
    // answer; then they recover by themselves
    let c = p.config();
    let cover = &c["params"]["cover_options"][0]["id"];
    let details = json!({"version": "3.0", "action": "data_exchange", "screen": "DETAILS", "flow_token": "outage-token",
        "data": {"intent": "details", "cover": cover, "cover_level": c["params"]["cover_levels"][0]["id"],
                 "excess": format!("{}", c["params"]["excess_options"][0]["amount"].as_f64().unwrap() as i64)}});
    assert_eq!(exchange_on(proxy.port, &details).0, 200);
    redis.stop();
    for s in [&a, &b] {
        s.assert_alive("Redis stopped");
        let (status, answer) = s.exchange(
            &json!({"version": "3.0", "action": "data_exchange", "screen": "HEALTH",
            "data": {"intent": "health"}, "flow_token": "outage-token"}),
        );
        assert_eq!(status, 200, "{lang}: a stateful request without the store");
        let answer = answer.unwrap();
        assert_eq!(answer["screen"], "HEALTH");
        assert!(
            answer["data"]["error_message"].is_string(),
            "{lang}: {answer}"
        );
        assert_eq!(healthz(s.port)["store"]["state"], "down");
        assert_eq!(
            post_webhook(s.port, &completion_delivery("wamid.outage", &response)),
            503
        );
        s.assert_alive("a request without the store");
    }
    assert!(
        logged(&a, "\"store\":\"unavailable\""),
        "{lang}: no log line for the outage"
    );
    let log = a.log();
    assert!(
        !log.contains("outage-token") && !log.contains("Ana Souza"),
        "{lang}: the log leaks"
    );
    // an instance started while Redis is away (single-use off): it starts, the requests that read
    // no state are served, the one that does gets the clean answer
    let c_env = [("REDIS_URL", url.as_str())];
    let c = p.start(&c_env);
    let init = json!({"version": "3.0", "action": "INIT", "screen": "", "data": {}, "flow_token": "outage-token"});
    let (status, answer) = c.exchange(&init);
    assert_eq!(
        (status, answer.as_ref().map(|a| a["screen"].clone())),
        (200, Some(json!("APPLICANTS"))),
        "{lang}"
    );
    assert!(
        answer.unwrap()["data"].get("error_message").is_none(),
        "{lang}: INIT needs no state"
    );
    let (status, answer) = c.exchange(
        &json!({"version": "3.0", "action": "data_exchange", "screen": "HEALTH",
        "data": {"intent": "health"}, "flow_token": "outage-token"}),
    );
    assert_eq!(status, 200);
    assert!(
        answer.unwrap()["data"]["error_message"].is_string(),
        "{lang}: the state was needed"
    );
    c.assert_alive("requests without the store");

    redis.launch();
    wait_store(&[&a, &b, &c], "up");
    journey(&p, proxy.port, "after-outage-token");
    journey(&p, c.port, "after-outage-solo");
}

#[test]
fn node_instances_share_one_redis() {
    two_instances_share_one_redis("node");
}

#[test]
fn python_instances_share_one_redis() {
    two_instances_share_one_redis("python");
}

#[test]
fn rust_instances_share_one_redis() {
    two_instances_share_one_redis("rust");
}
