//! The completion webhook over real HTTP, with a local fake Graph API that records requests.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State as AxState;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use common::*;
use serde_json::{json, Value};

#[derive(Clone, Default)]
struct Graph {
    seen: Arc<Mutex<Vec<(String, HeaderMap, Vec<u8>)>>>,
    /// answers to give, in order (status, body); afterwards 200
    script: Arc<Mutex<Vec<(u16, String)>>>,
}

async fn graph_handler(AxState(g): AxState<Graph>, uri: axum::http::Uri, headers: HeaderMap, body: axum::body::Bytes) -> (StatusCode, String) {
    g.seen.lock().unwrap().push((uri.path().to_owned(), headers, body.to_vec()));
    let mut script = g.script.lock().unwrap();
    if script.is_empty() {
        (StatusCode::OK, r#"{"messaging_product":"whatsapp","messages":[{"id":"wamid.SENT"}]}"#.into())
    } else {
        let (s, b) = script.remove(0);
        (StatusCode::from_u16(s).unwrap(), b)
    }
}

async fn fake_graph() -> (String, Graph) {
    let g = Graph::default();
    let app = Router::new().route("/{version}/{phone}/messages", post(graph_handler)).with_state(g.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, g)
}

/// A completion's response_json with the fields every use case's follow-up reads.
fn sample_response() -> Value {
    let c = config_json();
    let p = &c["params"];
    let first_id = |list: &str, field: &str| p[list][0][field].as_str().unwrap_or("").to_owned();
    let num_id = |list: &str| p[list][0].as_f64().map(|n| format!("{}", n as i64)).unwrap_or_default();
    json!({
        "flow_token": "TEST_TOKEN",
        "reference": "LN-0123ABCD", "amount": num_id("loan_amounts"), "tenure": num_id("tenures_months"), "emi": "₹1,234",
        "quote_id": "Q-0123ABCD", "plan": first_id("plans", "id"), "price": "₹999 per payment",
        "product_name": "Example", "completion_method": p["completion_method"].as_str().unwrap_or("payment_link"),
        "name": "Maria"
    })
}

fn delivery(wamid: &str, from: Option<&str>, response: &Value) -> Vec<u8> {
    let mut msg = json!({
        "context": {"from": "15550783881", "id": "wamid.FLOW"},
        "from_user_id": "US.1349", "id": wamid, "timestamp": "1750000000", "type": "interactive",
        "interactive": {"type": "nfm_reply", "nfm_reply": {"name": "flow", "body": "Sent", "response_json": response.to_string()}}
    });
    if let Some(f) = from {
        msg["from"] = json!(f);
    }
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
        {"field": "messages", "value": {"messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
            "statuses": [{"id": "wamid.X", "status": "delivered"}]}},
        {"field": "messages", "value": {"messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "106540352242922"},
            "contacts": [{"profile": {"name": "José"}, "wa_id": "16505551234", "user_id": "US.1349"}],
            "messages": [{"from": "16505551234", "id": "wamid.TEXT", "type": "text", "text": {"body": "hi"}}, msg]}},
        {"field": "flows", "value": {"event": "ENDPOINT_LATENCY", "p90_latency": 1200}}
    ]}]})
    .to_string()
    .into_bytes()
}

async fn hook(addr: std::net::SocketAddr, body: Vec<u8>) -> u16 {
    let sig = sign(&body);
    post_raw(addr, "/webhook", &[("x-hub-signature-256", &sig), ("content-type", "application/json")], body).await.status
}

async fn wait_for(g: &Graph, n: usize) {
    for _ in 0..200 {
        if g.seen.lock().unwrap().len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn server_with_graph() -> (TestServer, Graph) {
    let (url, g) = fake_graph().await;
    let mut st = settings();
    st.verify_token = Some("verify me".into());
    st.whatsapp_token = Some("WA_TOKEN".into());
    st.phone_number_id = Some("106540352242922".into());
    st.graph_api_url = url;
    st.graph_retry_base = Duration::from_millis(20);
    (start(st).await, g)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verification_handshake() {
    let (s, _) = server_with_graph().await;
    let r = get(s.addr, "/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=verify%20me").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body, b"1158201444");
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    for q in ["hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong",
              "hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=verify%20me",
              "hub.challenge=1&hub.verify_token=verify%20me", ""] {
        assert_eq!(get(s.addr, &format!("/webhook?{q}")).await.status, 403, "{q}");
    }
    // without VERIFY_TOKEN every verification is refused
    let mut st = settings();
    st.verify_token = None;
    let s2 = start(st).await;
    assert_eq!(get(s2.addr, "/webhook?hub.mode=subscribe&hub.challenge=1&hub.verify_token=").await.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signature_missing_wrong_and_bad_bodies() {
    let (s, g) = server_with_graph().await;
    let body = delivery("wamid.SIG", Some("16505551234"), &sample_response());
    assert_eq!(post_raw(s.addr, "/webhook", &[], body.clone()).await.status, 401);
    let wrong = sign(b"something else");
    assert_eq!(post_raw(s.addr, "/webhook", &[("x-hub-signature-256", &wrong)], body.clone()).await.status, 403);
    assert_eq!(post_raw(s.addr, "/webhook", &[("x-hub-signature-256", "sha256=12")], body.clone()).await.status, 403);
    assert_eq!(hook(s.addr, b"not json".to_vec()).await, 400);
    assert_eq!(hook(s.addr, b"{}".to_vec()).await, 200);
    assert_eq!(hook(s.addr, b"[]".to_vec()).await, 200);
    assert_eq!(hook(s.addr, br#"{"entry":[{"changes":[{"field":"messages","value":{"messages":[{"type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"name":"address_message"}}}]}}]}]}"#.to_vec()).await, 200);
    let big = vec![b' '; 3 * 1024 * 1024 + 10];
    let sig = sign(&big);
    assert_eq!(post_oversized(s.addr, "/webhook", &[("x-hub-signature-256", &sig)], big).await, 413);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(g.seen.lock().unwrap().is_empty(), "nothing was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_sends_exactly_one_followup_and_duplicates_none() {
    let (s, g) = server_with_graph().await;
    let response = sample_response();
    let config = config();
    let text = flow_endpoint::handler::followup(&config, response.as_object().unwrap()).expect("a follow-up text");
    assert!(!text.contains("{brand}") && !text.is_empty());

    assert_eq!(hook(s.addr, delivery("wamid.DONE", Some("16505551234"), &response)).await, 200);
    wait_for(&g, 1).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    {
        let seen = g.seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        let (path, headers, body) = &seen[0];
        assert_eq!(path, "/v25.0/106540352242922/messages");
        assert_eq!(headers["authorization"], "Bearer WA_TOKEN");
        assert_eq!(headers["content-type"], "application/json");
        let expected = json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": "+16505551234",
                              "type": "text", "text": {"body": text}, "context": {"message_id": "wamid.DONE"}});
        assert_eq!(serde_json::from_slice::<Value>(body).unwrap(), expected);
        assert_eq!(body, &expected.to_string().into_bytes(), "exact body, key order included");
    }
    // the same delivery again (Meta retries): acknowledged, nothing sent
    assert_eq!(hook(s.addr, delivery("wamid.DONE", Some("16505551234"), &response)).await, 200);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(g.seen.lock().unwrap().len(), 1);

    // a user without phone number: recipient = BSUID
    assert_eq!(hook(s.addr, delivery("wamid.USER", None, &response)).await, 200);
    wait_for(&g, 2).await;
    let seen = g.seen.lock().unwrap();
    assert_eq!(seen.len(), 2);
    let body: Value = serde_json::from_slice(&seen[1].2).unwrap();
    assert_eq!(body["recipient"], "US.1349");
    assert!(body.get("to").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transient_errors_are_retried_others_not() {
    let (s, g) = server_with_graph().await;
    let err = |code: i64| (500, json!({"error": {"message": "x", "code": code}}).to_string());
    *g.script.lock().unwrap() = vec![err(131000), err(2)];
    assert_eq!(hook(s.addr, delivery("wamid.R1", Some("1"), &sample_response())).await, 200);
    wait_for(&g, 3).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(g.seen.lock().unwrap().len(), 3, "one attempt + 2 retries, the last succeeds");

    g.seen.lock().unwrap().clear();
    *g.script.lock().unwrap() = vec![(400, json!({"error": {"code": 131047}}).to_string())];
    assert_eq!(hook(s.addr, delivery("wamid.R2", Some("1"), &sample_response())).await, 200);
    wait_for(&g, 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(g.seen.lock().unwrap().len(), 1, "131047 is not retried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_credentials_the_followup_is_skipped() {
    let (url, g) = fake_graph().await;
    let mut st = settings();
    st.graph_api_url = url;
    let s = start(st).await;
    assert_eq!(hook(s.addr, delivery("wamid.SKIP", Some("1"), &sample_response())).await, 200);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(g.seen.lock().unwrap().is_empty());
}
