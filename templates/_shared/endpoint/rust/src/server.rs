//! Settings, routes and the data-endpoint pipeline (status order of the contract):
//! 413 → 432 → 400 → 421 → 400 → ping → error ack → 427 → handler → encrypted 200.
//! Around the handler: the single-use check, the per-token session (load, then save), and the
//! token spent on a terminal answer; a store that cannot answer gives a clean answer instead.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State as AxState;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::{BodyExt, Limited};
use serde_json::{json, Value};

use crate::contract::{self, Config, Contract, Ctx, FlowRequest, Reply};
use crate::crypto::{self, PrivateKey};
use crate::handler;
use crate::signature::{self, Check};
use crate::store::{token_id, Session, Store, Unavailable};
use crate::webhook;

/// Nesting limit for the outer body and the decrypted payload.
pub const MAX_DEPTH: usize = 64;
/// Size limit of a webhook delivery (Meta sends at most 3 MB).
pub const WEBHOOK_MAX_BYTES: usize = 3 * 1024 * 1024;

/// What to do with the Data API 4.0 `flow_token_signature`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignaturePolicy {
    Off,
    Log,
    Enforce,
}

/// Everything read from the environment (tests build it directly).
#[derive(Debug, Clone)]
pub struct Settings {
    pub port: u16,
    pub app_secret: Option<Vec<u8>>,
    pub flow_token_secret: Option<Vec<u8>>,
    pub token_signature: SignaturePolicy,
    pub max_body_bytes: usize,
    pub verify_token: Option<String>,
    pub whatsapp_token: Option<String>,
    pub phone_number_id: Option<String>,
    pub graph_api_url: String,
    pub graph_api_version: String,
    /// First retry delay of the follow-up; doubles (then ×3) on later retries.
    pub graph_retry_base: Duration,
    /// Write one JSON line per request on stdout.
    pub log: bool,
    /// REDIS_URL: the shared store (memory when unset).
    pub redis_url: Option<String>,
    /// KEY_PREFIX: prefix of every store key (None: the use case).
    pub key_prefix: Option<String>,
    /// STATE_TTL_SECONDS: life of per-token state and of a spent token's mark.
    pub state_ttl_s: u64,
    /// DEDUPE_TTL_SECONDS: how long a webhook message id is remembered.
    pub dedupe_ttl_s: u64,
    /// STORE_MAX_ENTRIES: bound of the memory store.
    pub store_max_entries: usize,
    /// FLOW_TOKEN_SINGLE_USE=1: a token is spent once its terminal screen was answered.
    pub single_use: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            port: 3000,
            app_secret: None,
            flow_token_secret: None,
            token_signature: SignaturePolicy::Off,
            max_body_bytes: 1_048_576,
            verify_token: None,
            whatsapp_token: None,
            phone_number_id: None,
            graph_api_url: "https://graph.facebook.com".into(),
            graph_api_version: "v25.0".into(),
            graph_retry_base: Duration::from_millis(1000),
            log: true,
            redis_url: None,
            key_prefix: None,
            state_ttl_s: crate::store::DEFAULT_TTL_S,
            dedupe_ttl_s: 7 * 24 * 3600,
            store_max_entries: 100_000,
            single_use: false,
        }
    }
}

/// The running endpoint's shared state.
pub struct State {
    pub settings: Settings,
    pub key: Option<PrivateKey>,
    pub config: Config,
    pub contract: Contract,
    pub store: Store,
}

impl State {
    /// The state with the store the settings ask for (Redis with `redis_url`, else memory).
    /// Call inside the Tokio runtime.
    pub fn open(settings: Settings, key: Option<PrivateKey>, config: Config, contract: Contract) -> Result<Self, String> {
        let prefix = settings.key_prefix.clone().unwrap_or_else(|| config.use_case.clone());
        let store = Store::open(settings.redis_url.as_deref(), &prefix, settings.store_max_entries)?;
        Ok(State { settings, key, config, contract, store })
    }

    /// The state with the in-memory store.
    pub fn new(settings: Settings, key: Option<PrivateKey>, config: Config, contract: Contract) -> Self {
        let store = Store::Memory(crate::store::MemoryStore::new(&config.use_case, settings.store_max_entries));
        State { settings, key, config, contract, store }
    }

    pub fn with_store(mut self, store: Store) -> Self {
        self.store = store;
        self
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn project_file(var: &str, default_name: &str) -> PathBuf {
    if let Some(p) = env(var) {
        return PathBuf::from(p);
    }
    let here = PathBuf::from(default_name);
    if here.exists() {
        return here;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(default_name)
}

fn read_json(var: &str, default_name: &str) -> Result<Value, String> {
    let path = project_file(var, default_name);
    let text = std::fs::read(&path)
        .map_err(|e| format!("{var}: cannot read {}: {e}; set {var} to the file's path", path.display()))?;
    serde_json::from_slice(&text).map_err(|e| format!("{var}: {} is not valid JSON: {e}", path.display()))
}

/// Loads config.json and contract.json (CONFIG_FILE / CONTRACT_FILE).
pub fn load_project() -> Result<(Config, Contract), String> {
    let config = Config::from_value(&read_json("CONFIG_FILE", "config.json")?).map_err(|e| format!("CONFIG_FILE: {e}"))?;
    let contract =
        Contract::from_value(&read_json("CONTRACT_FILE", "contract.json")?).map_err(|e| format!("CONTRACT_FILE: {e}"))?;
    Ok((config, contract))
}

/// Loads the private key from PRIVATE_KEY or PRIVATE_KEY_FILE (+ PASSPHRASE).
pub fn load_key_from_env() -> Result<PrivateKey, String> {
    let passphrase = std::env::var("PASSPHRASE").ok().filter(|p| !p.is_empty());
    let (pem, var) = if let Some(text) = env("PRIVATE_KEY") {
        // keys pasted into one-line env files often carry literal "\n"
        let text = if text.contains('\n') { text } else { text.replace("\\n", "\n") };
        (text.into_bytes(), "PRIVATE_KEY")
    } else if let Some(path) = env("PRIVATE_KEY_FILE") {
        let bytes = std::fs::read(&path)
            .map_err(|e| format!("PRIVATE_KEY_FILE: cannot read {path}: {e}; point it at the PEM file"))?;
        (bytes, "PRIVATE_KEY_FILE")
    } else {
        return Err("PRIVATE_KEY is not set: set PRIVATE_KEY (PEM text) or PRIVATE_KEY_FILE (path), \
                    e.g. from `flowgen keygen`"
            .into());
    };
    PrivateKey::from_pem(&pem, passphrase.as_deref()).map_err(|e| format!("{var}: {e}"))
}

/// Reads the settings from the environment.
pub fn settings_from_env() -> Result<Settings, String> {
    let mut s = Settings::default();
    if let Some(p) = env("PORT") {
        s.port = p.trim().parse().map_err(|_| format!("PORT: `{p}` is not a port number"))?;
    }
    s.app_secret = env("APP_SECRET").map(String::into_bytes);
    s.flow_token_secret = env("FLOW_TOKEN_SECRET").map(String::into_bytes);
    s.token_signature = match env("FLOW_TOKEN_SIGNATURE").as_deref().map(str::trim) {
        None if s.app_secret.is_some() => SignaturePolicy::Enforce,
        None => SignaturePolicy::Off,
        Some("off") => SignaturePolicy::Off,
        Some("log") => SignaturePolicy::Log,
        Some("enforce") => SignaturePolicy::Enforce,
        Some(other) => return Err(format!("FLOW_TOKEN_SIGNATURE: `{other}` must be off, log or enforce")),
    };
    if let Some(m) = env("MAX_BODY_BYTES") {
        s.max_body_bytes = m.trim().parse().map_err(|_| format!("MAX_BODY_BYTES: `{m}` is not a byte count"))?;
    }
    s.verify_token = env("VERIFY_TOKEN");
    s.whatsapp_token = env("WHATSAPP_TOKEN");
    s.phone_number_id = env("PHONE_NUMBER_ID");
    if let Some(u) = env("GRAPH_API_URL") {
        s.graph_api_url = u.trim_end_matches('/').to_owned();
    }
    if let Some(v) = env("GRAPH_API_VERSION") {
        s.graph_api_version = v;
    }
    if let Some(url) = env("REDIS_URL") {
        let url = url.trim().to_owned();
        if !["redis://", "rediss://", "unix://"].iter().any(|p| url.starts_with(p)) {
            return Err("REDIS_URL: use redis://host:port/db, rediss://host:port/db (TLS) or unix:///path/to/redis.sock".into());
        }
        s.redis_url = Some(url);
    }
    s.key_prefix = env("KEY_PREFIX");
    let whole = |name: &str, default: u64, unit: &str| -> Result<u64, String> {
        match env(name) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or(format!("{name}: `{v}` must be a whole number of {unit} (at least 1)")),
        }
    };
    s.state_ttl_s = whole("STATE_TTL_SECONDS", s.state_ttl_s, "seconds")?;
    s.dedupe_ttl_s = whole("DEDUPE_TTL_SECONDS", s.dedupe_ttl_s, "seconds")?;
    s.store_max_entries = whole("STORE_MAX_ENTRIES", s.store_max_entries as u64, "entries")? as usize;
    s.single_use = match env("FLOW_TOKEN_SINGLE_USE").as_deref().map(str::trim) {
        None | Some("0") => false,
        Some("1") => true,
        Some(other) => return Err(format!("FLOW_TOKEN_SINGLE_USE: `{other}` must be 1 (on) or 0 (off)")),
    };
    Ok(s)
}

/// One JSON line on stdout.
pub fn log_line(state: &State, line: Value) {
    if state.settings.log {
        let mut text = line.to_string();
        text.push('\n');
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
    }
}

fn ms(start: Instant) -> Value {
    let v = (start.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
    json!(v)
}

fn plain(status: StatusCode, body: impl Into<Body>) -> Response {
    let mut r = (status, body.into()).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    r
}

fn empty(status: StatusCode) -> Response {
    (status, Body::empty()).into_response()
}

/// Reads a body up to `limit` bytes; `Err(413)` past it, `Err(400)` on a broken upload.
async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Vec<u8>, StatusCode> {
    if let Some(len) = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()) {
        if len.trim().parse::<u64>().map_or(false, |n| n > limit as u64) {
            return Err(StatusCode::PAYLOAD_TOO_LARGE);
        }
    }
    match Limited::new(body, limit).collect().await {
        Ok(c) => Ok(c.to_bytes().to_vec()),
        Err(e) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() {
                Err(StatusCode::PAYLOAD_TOO_LARGE)
            } else {
                Err(StatusCode::BAD_REQUEST)
            }
        }
    }
}

/// What the data endpoint answered, for the log line.
pub struct Outcome {
    pub status: StatusCode,
    pub body: Option<String>,
    pub action: &'static str,
    pub screen: Option<String>,
    /// An extra log field: ("store", "unavailable") or ("token", "spent").
    pub note: Option<(&'static str, &'static str)>,
}

impl Outcome {
    fn bare(status: StatusCode) -> Self {
        Outcome { status, body: None, action: "-", screen: None, note: None }
    }
}

fn action_name(a: &str) -> &'static str {
    match a {
        "ping" => "ping",
        "INIT" => "INIT",
        "BACK" => "BACK",
        "data_exchange" => "data_exchange",
        _ => "unknown",
    }
}

/// The data endpoint on a fully read body: every step after reading.
pub async fn process(state: &State, signature_header: Option<&[u8]>, raw: &[u8]) -> Outcome {
    // 2. request signature
    if let Some(secret) = &state.settings.app_secret {
        if signature::check_header(secret, signature_header, raw) != Check::Valid {
            return Outcome::bare(StatusCode::from_u16(432).unwrap());
        }
    }
    // 3. outer JSON, then decryption
    if raw.is_empty() {
        return Outcome::bare(StatusCode::BAD_REQUEST);
    }
    let Some(outer) = contract::parse_limited(raw, MAX_DEPTH) else {
        return Outcome::bare(StatusCode::BAD_REQUEST);
    };
    let Some(key) = &state.key else {
        return Outcome::bare(StatusCode::from_u16(421).unwrap());
    };
    let Some(dec) = crypto::decrypt_request(key, &outer) else {
        return Outcome::bare(StatusCode::from_u16(421).unwrap());
    };
    // 4. decrypted payload
    let Some(Value::Object(payload)) = contract::parse_limited(&dec.plaintext, MAX_DEPTH) else {
        return Outcome::bare(StatusCode::BAD_REQUEST);
    };
    let encrypt = |v: &Value| crypto::encrypt_response(&dec.aes_key, &dec.iv, v.to_string().as_bytes());
    let action_raw = payload.get("action").and_then(Value::as_str).unwrap_or("");
    let action = action_name(action_raw);
    let ok = |v: Value, screen: Option<String>| Outcome {
        status: StatusCode::OK,
        body: Some(encrypt(&v)),
        action,
        screen,
        note: None,
    };
    // 5. ping
    if action_raw == "ping" {
        return ok(json!({"data": {"status": "active"}}), None);
    }
    let data = payload.get("data").and_then(Value::as_object).cloned().unwrap_or_default();
    let screen_in = payload.get("screen").and_then(Value::as_str).unwrap_or("").to_owned();
    // 6. error notification
    if let Some(err) = data.get("error") {
        let key = err.as_str().filter(|k| k.len() <= 64 && k.bytes().all(|b| b.is_ascii_graphic()));
        log_line(
            state,
            json!({"event": "error_notification", "error": key.unwrap_or("?"),
                   "screen": state.contract.known(&screen_in)}),
        );
        return ok(json!({"data": {"acknowledged": true}}), None);
    }
    // 7. token checks
    let flow_token = payload.get("flow_token").and_then(Value::as_str).unwrap_or("").to_owned();
    let token_failure = || Outcome {
        status: StatusCode::from_u16(427).unwrap(),
        body: Some(encrypt(&json!({"error_msg": state.config.text("token_expired")}))),
        action,
        screen: None,
        note: None,
    };
    if let Some(secret) = &state.settings.flow_token_secret {
        if !crate::token::verify(secret, &flow_token) {
            return token_failure();
        }
    }
    if let (Some(secret), Some(jwt)) = (&state.settings.app_secret, payload.get("flow_token_signature")) {
        if state.settings.token_signature != SignaturePolicy::Off {
            let valid = jwt.as_str().map_or(false, |j| signature::verify_flow_token_jwt(secret, j, &flow_token));
            if !valid {
                if state.settings.token_signature == SignaturePolicy::Enforce {
                    return token_failure();
                }
                log_line(state, json!({"event": "flow_token_signature_invalid", "policy": "log"}));
            }
        }
    }
    // 8. business logic
    let req = FlowRequest { action: action_raw.to_owned(), screen: screen_in, data, flow_token };
    match business(state, &req).await {
        Ok(Some(reply)) => {
            let screen = state.contract.known(&reply.screen).map(str::to_owned);
            ok(reply.to_json(), screen)
        }
        Ok(None) => Outcome { note: Some(("token", "spent")), ..token_failure() },
        Err(_) => {
            // the request needs the store and it cannot answer: a clean retry-able answer
            let none = Session::none();
            let ctx = Ctx { config: &state.config, contract: &state.contract, session: &none };
            let reply = not_understood(&ctx, &req);
            let screen = state.contract.known(&reply.screen).map(str::to_owned);
            Outcome { note: Some(("store", "unavailable")), ..ok(reply.to_json(), screen) }
        }
    }
}

/// The handler with what surrounds it: the single-use check, the session (loaded before, saved
/// after), and the token spent when the answer reaches a terminal screen. `Ok(None)`: the token
/// is spent (427).
async fn business(state: &State, req: &FlowRequest) -> Result<Option<Reply>, Unavailable> {
    let token = &req.flow_token;
    let single_use = state.settings.single_use && !token.is_empty();
    let spent_key = format!("spent:{}", token_id(token));
    if single_use && state.store.get(&spent_key).await?.is_some() {
        return Ok(None);
    }
    let session = if handler::KEEPS_STATE {
        Session::open(&state.store, token, state.settings.state_ttl_s).await
    } else {
        Session::none()
    };
    let reply = {
        let ctx = Ctx { config: &state.config, contract: &state.contract, session: &session };
        let from_here = req.action != "data_exchange" || state.contract.sends(&req.screen, req.data.get("intent"));
        let reply = match req.action.as_str() {
            "INIT" | "BACK" | "data_exchange" if from_here => handler::handle(&ctx, req).ok(),
            _ => None,
        };
        if session.failed() {
            return Err(Unavailable("read".into()));
        }
        reply.unwrap_or_else(|| not_understood(&ctx, req))
    };
    let terminal = state.contract.screen(&reply.screen).is_some_and(|s| s.terminal);
    if single_use && terminal {
        if !state.store.claim(&spent_key, state.settings.state_ttl_s, &json!(true)).await? {
            return Ok(None);
        }
        if handler::KEEPS_STATE {
            state.store.take(&session.key).await?;
        }
    } else {
        session.save(&state.store).await?;
    }
    Ok(Some(reply))
}

/// The current screen (or the entry screen) again, with `text.request_not_understood`.
pub fn not_understood(ctx: &Ctx, req: &FlowRequest) -> Reply {
    let screen = match ctx.contract.known(&req.screen) {
        Some(s) => s.to_owned(),
        None => ctx.contract.entry_screen.clone(),
    };
    let data = handler::redisplay(ctx, req, &screen).unwrap_or_else(|| ctx.contract.empty_data(&screen));
    Reply::new(screen, data).with_error(ctx.config.text("request_not_understood"))
}

async fn data_endpoint(AxState(state): AxState<Arc<State>>, req: axum::extract::Request) -> Response {
    let start = Instant::now();
    let (parts, body) = req.into_parts();
    let outcome = match read_body(&parts.headers, body, state.settings.max_body_bytes).await {
        Err(status) => Outcome::bare(status),
        Ok(raw) => {
            let sig = parts.headers.get("x-hub-signature-256").map(|v| v.as_bytes().to_vec());
            let st = state.clone();
            // never let a bug take the process down: a panic (in its own task) becomes a 500
            match tokio::spawn(async move { process(&st, sig.as_deref(), &raw).await }).await {
                Ok(o) => o,
                Err(_) => Outcome::bare(StatusCode::INTERNAL_SERVER_ERROR),
            }
        }
    };
    let mut line = json!({"route": "/", "action": outcome.action, "screen": outcome.screen,
                          "status": outcome.status.as_u16(), "ms": ms(start)});
    if let Some((k, v)) = outcome.note {
        line[k] = json!(v);
    }
    log_line(&state, line);
    match outcome.body {
        Some(b) => plain(outcome.status, b),
        None => empty(outcome.status),
    }
}

fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(k) == name).then(|| percent_decode(v))
    })
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn webhook_verify(AxState(state): AxState<Arc<State>>, uri: axum::http::Uri) -> Response {
    let start = Instant::now();
    let q = uri.query().unwrap_or("");
    let mode = query_param(q, "hub.mode");
    let token = query_param(q, "hub.verify_token");
    let challenge = query_param(q, "hub.challenge").unwrap_or_default();
    let ok = match (&state.settings.verify_token, mode.as_deref(), token) {
        (Some(expected), Some("subscribe"), Some(given)) => signature::ct_eq(expected.as_bytes(), given.as_bytes()),
        _ => false,
    };
    let resp = if ok { plain(StatusCode::OK, challenge) } else { empty(StatusCode::FORBIDDEN) };
    log_line(
        &state,
        json!({"route": "/webhook", "method": "GET", "status": resp.status().as_u16(), "ms": ms(start)}),
    );
    resp
}

async fn webhook_post(AxState(state): AxState<Arc<State>>, req: axum::extract::Request) -> Response {
    let start = Instant::now();
    let (parts, body) = req.into_parts();
    let (status, event) = match read_body(&parts.headers, body, WEBHOOK_MAX_BYTES).await {
        Err(s) => (s, None),
        Ok(raw) => {
            let sig = parts.headers.get("x-hub-signature-256").map(|v| v.as_bytes());
            let check = match &state.settings.app_secret {
                Some(secret) => signature::check_header(secret, sig, &raw),
                None => Check::Valid,
            };
            match check {
                Check::Missing => (StatusCode::UNAUTHORIZED, None),
                Check::Invalid => (StatusCode::FORBIDDEN, None),
                Check::Valid => match serde_json::from_slice::<Value>(&raw) {
                    Err(_) => (StatusCode::BAD_REQUEST, None),
                    Ok(v) => {
                        let st = state.clone();
                        match tokio::spawn(async move { webhook::accept(&st, &v).await }).await {
                            Ok(Ok(event)) => (StatusCode::OK, Some(event)),
                            // Meta delivers it again later
                            Ok(Err(_)) => (StatusCode::SERVICE_UNAVAILABLE, Some("store_unavailable")),
                            Err(_) => (StatusCode::OK, Some("ignored")),
                        }
                    }
                },
            }
        }
    };
    log_line(
        &state,
        json!({"route": "/webhook", "method": "POST", "status": status.as_u16(), "ms": ms(start), "event": event}),
    );
    empty(status)
}

async fn not_found() -> Response {
    empty(StatusCode::NOT_FOUND)
}

/// `GET /healthz`: the process answers, and the store's state (a Redis PING).
async fn healthz(AxState(state): AxState<Arc<State>>) -> Response {
    let start = Instant::now();
    let body = json!({"status": "ok", "store": state.store.health().await}).to_string();
    let mut r = (StatusCode::OK, body).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    log_line(&state, json!({"route": "/healthz", "method": "GET", "status": 200, "ms": ms(start)}));
    r
}

/// The routes: `POST /` (when the use case has a data endpoint), `GET|POST /webhook`; else 404.
pub fn router(state: Arc<State>) -> Router {
    let mut r = Router::new()
        .route("/webhook", get(webhook_verify).post(webhook_post))
        .route("/healthz", get(healthz));
    if handler::HAS_DATA_ENDPOINT {
        r = r.route("/", post(data_endpoint));
    }
    r.fallback(not_found).method_not_allowed_fallback(not_found).with_state(state)
}

/// Serves until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, state: Arc<State>) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, router(state)).await
}
