//! `flowgen preview --serve`: the preview page on a loopback server, rebuilt from the Flow file on
//! every load; the page polls `/version` and reloads when the file changes. With `--endpoint`,
//! `POST /exchange` relays the page's INIT, data_exchange and BACK requests to the endpoint the
//! way WhatsApp does (encrypted with [`protocol`], signed when an app secret is given) and answers
//! the page with the decrypted response, its status, latency and what the contract flags in it.
//!
//! The server is a small `std::net` loop rather than an HTTP crate: it binds 127.0.0.1 only,
//! serves three routes to one local browser, closes every connection after one answer, and bounds
//! headers, bodies and concurrent connections; that is all a framework would add here.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use openssl::pkey::{PKey, Public};
use serde_json::{json, Map, Value};

use super::{build, Options, ServeInfo};
use crate::contract::Contract;
use crate::endpoint::protocol::{self, Session};
use crate::error::{Error, Result};
use crate::flow::json;
use crate::flow::Flow;

/// WhatsApp's limit for one endpoint request.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest request or response body relayed.
pub const MAX_BODY: usize = 1 << 20;
const MAX_HEADER: usize = 16 << 10;
const MAX_CONNECTIONS: usize = 16;

/// What `--serve` was asked for.
pub struct Config {
    pub flow_path: PathBuf,
    pub data: Option<Map<String, Value>>,
    pub port: u16,
    pub relay: Option<Relay>,
    /// `--open`: hand the URL to the desktop's browser once listening.
    pub open: bool,
}

/// The endpoint side of `--serve`: where to send, and how to encrypt and sign.
pub struct Relay {
    pub url: String,
    pub public_key: PKey<Public>,
    pub app_secret: Option<Vec<u8>>,
    pub flow_token: String,
    agent: ureq::Agent,
}

impl Relay {
    pub fn new(url: String, public_key: PKey<Public>, app_secret: Option<Vec<u8>>) -> Relay {
        let agent = crate::http::agent(
            REQUEST_TIMEOUT,
            &format!("flowgen-preview/{}", env!("CARGO_PKG_VERSION")),
            crate::http::Proxy::Never,
        );
        let mut nonce = [0u8; 6];
        let _ = openssl::rand::rand_bytes(&mut nonce);
        let flow_token = format!(
            "flowgen-preview-{}",
            nonce.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
        Relay {
            url,
            public_key,
            app_secret,
            flow_token,
            agent,
        }
    }
}

/// Binds, prints the URL and serves until the process is stopped.
pub fn run(config: Config) -> Result<u8> {
    let listener = TcpListener::bind(("127.0.0.1", config.port))
        .map_err(|e| Error::usage(format!("cannot listen on 127.0.0.1:{}: {e}", config.port)))?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::usage(e.to_string()))?
        .port();
    let shared = Arc::new(Shared {
        config,
        port,
        open: AtomicUsize::new(0),
    });
    crate::say!(
        "preview of {} at http://127.0.0.1:{port}/",
        shared.config.flow_path.display()
    );
    if let Some(r) = &shared.config.relay {
        crate::say!("relaying INIT, data_exchange and BACK to {}", r.url);
    }
    crate::say!("the page reloads when the file changes; stop with Ctrl-C");
    if shared.config.open {
        super::open_in_browser(&format!("http://127.0.0.1:{port}/"));
    }
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if shared.open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            shared.open.fetch_sub(1, Ordering::SeqCst);
            let _ = respond(&stream, 503, "text/plain", b"busy");
            continue;
        }
        let shared = shared.clone();
        std::thread::spawn(move || {
            let _ = shared.handle(&stream);
            shared.open.fetch_sub(1, Ordering::SeqCst);
        });
    }
    Ok(crate::error::EXIT_OK)
}

struct Shared {
    config: Config,
    port: u16,
    open: AtomicUsize,
}

struct Request {
    method: String,
    path: String,
    host: Option<String>,
    origin: Option<String>,
    body: Vec<u8>,
}

impl Shared {
    fn handle(&self, stream: &TcpStream) -> std::io::Result<()> {
        stream.set_read_timeout(Some(Duration::from_secs(15)))?;
        let request = match read_request(stream) {
            Ok(r) => r,
            Err(status) => return respond(stream, status, "text/plain", b"bad request"),
        };
        // Only pages of this server may call it: refuse other Host names (DNS rebinding) and
        // cross-origin posts.
        let me = [
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        ];
        if !request.host.as_ref().is_some_and(|h| me.contains(h)) {
            return respond(stream, 421, "text/plain", b"wrong Host");
        }
        if let Some(origin) = &request.origin {
            if !me.iter().any(|m| origin == &format!("http://{m}")) {
                return respond(stream, 403, "text/plain", b"cross-origin request refused");
            }
        }
        match (request.method.as_str(), request.path.as_str()) {
            ("GET", "/" | "/index.html") => {
                let html = self.page();
                respond(stream, 200, "text/html; charset=utf-8", html.as_bytes())
            }
            ("GET", "/version") => respond(
                stream,
                200,
                "text/plain",
                fingerprint(&self.config.flow_path).as_bytes(),
            ),
            ("POST", "/exchange") => {
                let answer = self.exchange(&request.body);
                respond(
                    stream,
                    200,
                    "application/json",
                    answer.to_string().as_bytes(),
                )
            }
            ("GET", _) => respond(stream, 404, "text/plain", b"not found"),
            _ => respond(stream, 405, "text/plain", b"method not allowed"),
        }
    }

    fn page(&self) -> String {
        let path = &self.config.flow_path;
        let version = fingerprint(path);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => return waiting_page(&format!("cannot read {}: {e}", path.display())),
        };
        let options = Options {
            file_name: name.clone(),
            data: self.config.data.clone(),
            serve: Some(ServeInfo {
                version,
                endpoint: self.config.relay.is_some(),
            }),
        };
        match build(&text, &options) {
            Ok(page) => page.html,
            Err(d) => waiting_page(&format!("{name}:{}:{}: {}", d.line, d.column, d.message)),
        }
    }

    /// Relays one page request `{action, screen, data}`; never fails: problems are in the answer.
    fn exchange(&self, body: &[u8]) -> Value {
        let Some(relay) = &self.config.relay else {
            return json!({"error": "no --endpoint given: the page plays data_exchange itself"});
        };
        let asked: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let action = asked["action"].as_str().unwrap_or("data_exchange");
        if !matches!(action, "INIT" | "BACK" | "data_exchange") {
            return json!({"error": format!("{action:?} is not relayed (INIT, BACK, data_exchange)")});
        }
        let screen = asked["screen"].as_str().unwrap_or("");
        let text = std::fs::read_to_string(&self.config.flow_path).unwrap_or_default();
        let (contract, data_api) = contract_of(&text);
        let mut plain = Map::new();
        plain.insert(
            "data".into(),
            asked
                .get("data")
                .cloned()
                .filter(Value::is_object)
                .unwrap_or(json!({})),
        );
        plain.insert("flow_token".into(), relay.flow_token.clone().into());
        plain.insert("screen".into(), screen.into());
        plain.insert("action".into(), action.into());
        plain.insert("version".into(), data_api.clone().into());
        if let (Some(secret), "4.0") = (&relay.app_secret, data_api.as_str()) {
            if let Ok(sig) = protocol::flow_token_signature(secret, &relay.flow_token) {
                plain.insert("flow_token_signature".into(), sig.into());
            }
        }
        let plain = Value::Object(plain);
        let started = Instant::now();
        let outcome = send(relay, &plain);
        let latency = started.elapsed().as_secs_f64() * 1000.0;
        let mut answer = json!({
            "url": relay.url,
            "request": plain,
            "latency_ms": (latency * 10.0).round() / 10.0,
        });
        if let Some(status) = outcome.status {
            answer["status"] = status.into();
        }
        if let Some(r) = &outcome.response {
            let review = review(contract.as_ref(), action, screen, r, &relay.flow_token);
            answer["flags"] = review.flags.into();
            answer["refused"] = review.refused.into();
        }
        answer["response"] = outcome.response.unwrap_or(Value::Null);
        if let Some(e) = outcome.error {
            answer["error"] = e.into();
        }
        answer
    }
}

/// What came back from one relayed request.
struct Outcome {
    status: Option<u16>,
    response: Option<Value>,
    error: Option<String>,
}

/// Encrypts, posts and decrypts one request.
fn send(relay: &Relay, plain: &Value) -> Outcome {
    let mut out = Outcome {
        status: None,
        response: None,
        error: None,
    };
    match post(relay, plain, &mut out.status) {
        Ok(response) => out.response = response,
        Err(e) => out.error = Some(e),
    }
    out
}

fn post(
    relay: &Relay,
    plain: &Value,
    status: &mut Option<u16>,
) -> std::result::Result<Option<Value>, String> {
    let session = Session::random().map_err(|e| e.to_string())?;
    let body = protocol::request_body(&relay.public_key, &session, plain.to_string().as_bytes())
        .map_err(|e| e.to_string())?;
    let mut request = relay
        .agent
        .post(&relay.url)
        .header("Content-Type", "application/json");
    if let Some(secret) = &relay.app_secret {
        let sig = protocol::hub_signature(secret, body.as_bytes()).map_err(|e| e.to_string())?;
        request = request.header("X-Hub-Signature-256", &sig);
    }
    let mut response = request
        .send(body.as_str())
        .map_err(|e| format!("request to {} failed: {e}", relay.url))?;
    let code = response.status().as_u16();
    *status = Some(code);
    let text = response
        .body_mut()
        .with_config()
        .limit(MAX_BODY as u64)
        .read_to_string()
        .map_err(|e| format!("the body was not read: {e}"))?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    match protocol::open_response(&session, &text) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| format!("the decrypted answer is not JSON: {e}")),
        Err(_) if code != 200 => Err(format!("the body is not encrypted: {:.200}", text.trim())),
        Err(e) => Err(e.to_string()),
    }
}

/// What the page is told about an answer besides the answer itself.
#[derive(Debug, Default, PartialEq)]
pub struct Review {
    /// Each problem, in words.
    pub flags: Vec<String>,
    /// True when WhatsApp would refuse the answer (unknown screen, transition the routing model
    /// forbids): the page then stays where it is, as the device would.
    pub refused: bool,
}

/// Checks an answer against the contract: routing, declared data, the SUCCESS token.
pub fn review(
    contract: Option<&Contract>,
    action: &str,
    from: &str,
    response: &Value,
    token: &str,
) -> Review {
    let mut review = Review::default();
    let refused = flags(contract, action, from, response, token, &mut review.flags);
    review.refused = refused;
    review
}

/// Pushes the problems of `response` to `out`; true when WhatsApp would refuse it.
fn flags(
    contract: Option<&Contract>,
    action: &str,
    from: &str,
    response: &Value,
    token: &str,
    out: &mut Vec<String>,
) -> bool {
    let Some(contract) = contract else {
        return false;
    };
    let Some(to) = response.get("screen").and_then(Value::as_str) else {
        if response.get("error_msg").is_none() {
            out.push("the answer names no `screen`".into());
        }
        return false;
    };
    if to == "SUCCESS" {
        let params = &response["data"]["extension_message_response"]["params"];
        if params["flow_token"].as_str() != Some(token) {
            out.push("SUCCESS without data.extension_message_response.params.flow_token equal to the sent token".into());
        }
        return false;
    }
    let Some(target) = contract.screen(to) else {
        out.push(format!("screen {to:?} is not in the Flow"));
        return true;
    };
    let mut refused = false;
    if action == "data_exchange" && to != from {
        let allowed = contract
            .screen(from)
            .is_some_and(|s| s.next.iter().any(|n| n == to));
        if !allowed {
            out.push(format!("the routing model does not allow {from} → {to}"));
            refused = true;
        }
    }
    if to != from || action == "INIT" {
        let data = response.get("data").and_then(Value::as_object);
        let missing: Vec<&str> = target
            .data
            .keys()
            .filter(|k| k.as_str() != "required")
            .filter(|k| !data.is_some_and(|d| d.contains_key(k.as_str())))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            out.push(format!(
                "declared data missing for {to}: {}",
                missing.join(", ")
            ));
        }
    }
    refused
}

fn contract_of(text: &str) -> (Option<Contract>, String) {
    match json::parse(text) {
        Ok(doc) => {
            let flow = Flow::new(&doc.root, None);
            let api = flow
                .data_api_version
                .and_then(|n| n.as_str())
                .unwrap_or("3.0")
                .to_owned();
            (Some(Contract::from_flow(&flow)), api)
        }
        Err(_) => (None, "3.0".into()),
    }
}

/// A short fingerprint of the file's bytes (empty when unreadable).
pub fn fingerprint(path: &Path) -> String {
    match std::fs::read(path) {
        Ok(bytes) => openssl::sha::sha256(&bytes)[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        Err(_) => String::new(),
    }
}

/// The page while the file is unreadable or not JSON: the problem, retried every 2 seconds.
fn waiting_page(problem: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"><meta http-equiv=\"refresh\" content=\"2\"><title>flowgen preview</title></head><body><pre>{}</pre><p>Retrying every 2 seconds.</p></body></html>",
        super::page::escape_text(problem)
    )
}

fn read_request(stream: &TcpStream) -> std::result::Result<Request, u16> {
    let mut reader = BufReader::new(stream.take((MAX_HEADER + MAX_BODY) as u64));
    let mut line = String::new();
    let mut header_bytes = 0;
    let mut read_line =
        |reader: &mut BufReader<_>, line: &mut String| -> std::result::Result<(), u16> {
            line.clear();
            let n = reader.read_line(line).map_err(|_| 400u16)?;
            header_bytes += n;
            if n == 0 || header_bytes > MAX_HEADER {
                return Err(431);
            }
            Ok(())
        };
    read_line(&mut reader, &mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().ok_or(400u16)?.to_owned();
    let path = parts
        .next()
        .ok_or(400u16)?
        .split('?')
        .next()
        .unwrap_or("/")
        .to_owned();
    let (mut length, mut host, mut origin) = (0usize, None, None);
    loop {
        read_line(&mut reader, &mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let Some((name, value)) = l.split_once(':') else {
            return Err(400);
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse().map_err(|_| 400u16)?,
            "host" => host = Some(value.to_owned()),
            "origin" => origin = Some(value.to_owned()),
            "transfer-encoding" => return Err(411),
            _ => {}
        }
    }
    if length > MAX_BODY {
        return Err(413);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).map_err(|_| 400u16)?;
    Ok(Request {
        method,
        path,
        host,
        origin,
        body,
    })
}

fn respond(
    mut stream: &TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        421 => "Misdirected Request",
        503 => "Service Unavailable",
        _ => "Bad Request",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contract() -> Contract {
        let text = r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},"screens":[
          {"id":"A","title":"a","layout":{"type":"SingleColumnLayout","children":[]}},
          {"id":"B","title":"b","terminal":true,"data":{"x":{"type":"string","__example__":"1"}},"layout":{"type":"SingleColumnLayout","children":[]}},
          {"id":"C","title":"c","terminal":true,"layout":{"type":"SingleColumnLayout","children":[]}}]}"#;
        contract_of(text).0.unwrap()
    }

    #[test]
    fn flags_forbidden_routes_and_missing_data() {
        let c = contract();
        let r = |from: &str, answer: Value, token: &str| {
            review(Some(&c), "data_exchange", from, &answer, token)
        };
        let missing = r("A", json!({"screen":"B","data":{}}), "t");
        assert_eq!(missing.flags, vec!["declared data missing for B: x"]);
        assert!(!missing.refused);
        let forbidden = r("A", json!({"screen":"C","data":{}}), "t");
        assert_eq!(
            forbidden.flags,
            vec!["the routing model does not allow A → C"]
        );
        assert!(forbidden.refused);
        assert!(r("A", json!({"screen":"Z","data":{}}), "t").refused);
        assert_eq!(
            r("A", json!({"screen":"B","data":{"x":"2"}}), "t"),
            Review::default()
        );
        let ok = json!({"screen":"SUCCESS","data":{"extension_message_response":{"params":{"flow_token":"t"}}}});
        assert_eq!(r("B", ok.clone(), "t"), Review::default());
        assert_eq!(r("B", ok, "other").flags.len(), 1);
    }
}
