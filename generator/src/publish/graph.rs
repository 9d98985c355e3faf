//! The Graph API client `publish` talks to Meta with: one [`Call`] per request (method, path, query,
//! body), bearer-token authentication, Meta's error object parsed into a [`GraphError`], bounded
//! retries with exponential back-off on the rate-limit codes, and the token scrubbed from anything
//! that could be printed. Built on `ureq` (blocking, system OpenSSL through native-tls).

use std::time::Duration;

use serde_json::Value;

use super::multipart::Multipart;

/// Meta's Graph host, used unless `GRAPH_API_URL` says otherwise.
pub const DEFAULT_URL: &str = "https://graph.facebook.com";
/// The Graph API version, unless `GRAPH_API_VERSION` says otherwise (the stubs use the same).
pub const DEFAULT_VERSION: &str = "v25.0";
/// Error codes that mean "too many calls": 4 (app), 80007 and 80008 (WABA).
pub const RATE_LIMIT_CODES: [i64; 3] = [4, 80007, 80008];

/// The HTTP method of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
    /// Whether the call can change anything on Meta's side (`--dry-run` never sends these).
    pub fn changes_state(self) -> bool {
        self != Method::Get
    }
}

/// What a call carries.
#[derive(Debug, Clone)]
pub enum Body {
    None,
    /// `application/x-www-form-urlencoded`.
    Form(Vec<(String, String)>),
    /// `multipart/form-data` (the asset upload accepts nothing else).
    Multipart(Multipart),
    /// `application/json`.
    Json(Value),
}

/// One request to the Graph API, relative to `{GRAPH_API_URL}/{GRAPH_API_VERSION}`.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: Method,
    /// Starts with `/`, e.g. `/1234/assets`.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Body,
}

impl Call {
    pub fn get(path: impl Into<String>) -> Call {
        Call {
            method: Method::Get,
            path: path.into(),
            query: Vec::new(),
            body: Body::None,
        }
    }
    pub fn post(path: impl Into<String>, body: Body) -> Call {
        Call {
            method: Method::Post,
            path: path.into(),
            query: Vec::new(),
            body,
        }
    }
    pub fn query(mut self, key: &str, value: impl Into<String>) -> Call {
        self.query.push((key.to_owned(), value.into()));
        self
    }
    /// `METHOD /path?query` as printed in plans and reports (never holds the token).
    pub fn describe(&self) -> String {
        let mut s = format!("{} {}", self.method.as_str(), self.path);
        for (i, (k, v)) in self.query.iter().enumerate() {
            s.push(if i == 0 { '?' } else { '&' });
            s.push_str(k);
            s.push('=');
            s.push_str(v);
        }
        s
    }
}

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum GraphError {
    /// Meta answered with its error object.
    Api(Box<ApiError>),
    /// No answer: DNS, connection, TLS, timeout.
    Transport(String),
    /// An answer that is not the JSON Meta sends.
    BadAnswer { status: u16, excerpt: String },
}

/// Meta's `{"error": {...}}` object.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ApiError {
    pub status: u16,
    pub code: i64,
    pub subcode: Option<i64>,
    pub message: String,
    pub user_title: Option<String>,
    pub user_msg: Option<String>,
    pub fbtrace_id: Option<String>,
}

impl ApiError {
    /// Reads Meta's error object out of an answer body, if it holds one.
    pub fn from_body(status: u16, body: &Value) -> Option<ApiError> {
        let e = body.get("error")?;
        let text = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_owned);
        let int = |k: &str| {
            e.get(k).and_then(|v| {
                v.as_i64()
                    .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            })
        };
        Some(ApiError {
            status,
            code: int("code").unwrap_or(0),
            subcode: int("error_subcode"),
            message: text("message").unwrap_or_default(),
            user_title: text("error_user_title"),
            user_msg: text("error_user_msg"),
            fbtrace_id: text("fbtrace_id"),
        })
    }
    /// `Graph error 100/2388024, fbtrace_id X`: what to quote to Meta support.
    pub fn reference(&self) -> String {
        let mut s = format!("Graph error {}", self.code);
        if let Some(sub) = self.subcode {
            s += &format!("/{sub}");
        }
        if let Some(id) = &self.fbtrace_id {
            s += &format!(", fbtrace_id {id}");
        }
        s
    }
    /// Meta's own words: the user-facing title and message when present, else `message`.
    pub fn meta_says(&self) -> String {
        match (&self.user_title, &self.user_msg) {
            (Some(t), Some(m)) if !m.is_empty() => format!("{t}: {m}"),
            (None, Some(m)) if !m.is_empty() => m.clone(),
            _ => self.message.clone(),
        }
    }
}

/// How often and how long to wait when Meta says "too many calls".
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Attempts in all (the first one included).
    pub attempts: u32,
    /// The first wait; each further wait doubles it.
    pub base: Duration,
}

impl Retry {
    /// The wait before attempt `n + 1` (n ≥ 1).
    pub fn delay(&self, n: u32) -> Duration {
        self.base.saturating_mul(1u32 << (n - 1).min(16))
    }
}

/// A Graph API client bound to one token.
pub struct Client {
    agent: ureq::Agent,
    base: String,
    token: String,
    pub retry: Retry,
}

impl Client {
    /// `url` without a trailing slash, `version` like `v25.0`.
    pub fn new(url: &str, version: &str, token: String, retry: Retry) -> Client {
        let agent = crate::http::agent(
            Duration::from_secs(60),
            &format!("flowgen/{}", env!("CARGO_PKG_VERSION")),
            crate::http::Proxy::FromEnvironment,
        );
        Client {
            agent,
            base: format!(
                "{}/{}",
                url.trim_end_matches('/'),
                version.trim_matches('/')
            ),
            token,
            retry,
        }
    }

    /// Sends `call`, retrying on the rate-limit codes; `on_retry(code, wait)` hears of each wait.
    pub fn send(
        &self,
        call: &Call,
        on_retry: &mut dyn FnMut(i64, Duration),
    ) -> Result<Value, GraphError> {
        let mut attempt = 1;
        loop {
            match self.send_once(call) {
                Err(GraphError::Api(e))
                    if RATE_LIMIT_CODES.contains(&e.code) && attempt < self.retry.attempts =>
                {
                    let wait = self.retry.delay(attempt);
                    on_retry(e.code, wait);
                    std::thread::sleep(wait);
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    fn send_once(&self, call: &Call) -> Result<Value, GraphError> {
        let url = format!("{}{}", self.base, call.path);
        let auth = format!("Bearer {}", self.token);
        let result = match (&call.method, &call.body) {
            (Method::Get, _) => {
                let mut r = self.agent.get(&url).header("Authorization", &auth);
                for (k, v) in &call.query {
                    r = r.query(k, v);
                }
                r.call()
            }
            (Method::Delete, _) => {
                let mut r = self.agent.delete(&url).header("Authorization", &auth);
                for (k, v) in &call.query {
                    r = r.query(k, v);
                }
                r.call()
            }
            (Method::Post, body) => {
                let mut r = self.agent.post(&url).header("Authorization", &auth);
                for (k, v) in &call.query {
                    r = r.query(k, v);
                }
                match body {
                    Body::None => r.send_empty(),
                    Body::Form(pairs) => {
                        r.send_form(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                    }
                    Body::Multipart(m) => {
                        r.header("Content-Type", m.content_type()).send(m.bytes())
                    }
                    Body::Json(v) => r
                        .header("Content-Type", "application/json")
                        .send(v.to_string().as_bytes()),
                }
            }
        };
        let mut response = result.map_err(|e| GraphError::Transport(self.scrub(&e.to_string())))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(16 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| GraphError::Transport(self.scrub(&e.to_string())))?;
        let text = self.scrub(&text);
        let value: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(_) => {
                return Err(GraphError::BadAnswer {
                    status,
                    excerpt: text.chars().take(200).collect(),
                })
            }
        };
        if let Some(e) = ApiError::from_body(status, &value) {
            return Err(GraphError::Api(Box::new(e)));
        }
        if !(200..300).contains(&status) {
            return Err(GraphError::BadAnswer {
                status,
                excerpt: text.chars().take(200).collect(),
            });
        }
        Ok(value)
    }

    /// `text` with the token (as sent, and percent-encoded) replaced by `***`.
    pub fn scrub(&self, text: &str) -> String {
        scrub(text, &self.token)
    }
}

/// `text` with every occurrence of `secret` (raw or percent-encoded) replaced by `***`.
pub fn scrub(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        return text.to_owned();
    }
    let mut out = text.replace(secret, "***");
    let encoded = percent_encode(secret);
    if encoded != secret {
        out = out.replace(&encoded, "***");
    }
    out
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out += &format!("%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_removes_the_token_raw_and_encoded() {
        let t = "EAAB/xy+z==";
        let text = format!(
            "bad token {t} in https://h/?access_token={}",
            percent_encode(t)
        );
        let clean = scrub(&text, t);
        assert!(!clean.contains("EAAB"), "{clean}");
        assert_eq!(clean, "bad token *** in https://h/?access_token=***");
        assert_eq!(scrub("x", ""), "x");
    }

    #[test]
    fn reads_metas_error_object() {
        let body = serde_json::json!({"error": {"message": "(#80007) Rate limit", "type": "OAuthException",
            "code": 80007, "error_subcode": 2494055, "fbtrace_id": "Abc"}});
        let e = ApiError::from_body(400, &body).unwrap();
        assert_eq!((e.code, e.subcode), (80007, Some(2494055)));
        assert_eq!(e.reference(), "Graph error 80007/2494055, fbtrace_id Abc");
        assert_eq!(e.meta_says(), "(#80007) Rate limit");
        assert!(ApiError::from_body(200, &serde_json::json!({"id": "1"})).is_none());
    }

    #[test]
    fn back_off_doubles_and_describe_shows_the_query() {
        let r = Retry {
            attempts: 4,
            base: Duration::from_millis(10),
        };
        assert_eq!(r.delay(1), Duration::from_millis(10));
        assert_eq!(r.delay(3), Duration::from_millis(40));
        let c = Call::get("/1/flows").query("limit", "100");
        assert_eq!(c.describe(), "GET /1/flows?limit=100");
        assert!(!c.method.changes_state());
    }
}
