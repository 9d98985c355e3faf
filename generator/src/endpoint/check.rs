//! `flowgen check-endpoint`: test any data endpoint against its Flow the way WhatsApp calls it.
//!
//! Real encrypted, signed requests ([`protocol`]) go to one URL only (no redirects, no proxy):
//! a ping, INIT, an error notification, then the given journeys replayed step by step, an
//! exploration of every `data_exchange` and BACK reachable from INIT (breadth-first, bounded by a
//! request budget and a total time), and security probes. Every answer is checked against the
//! Flow's [`Contract`]: it decrypts under the flipped IV, names a screen the routing model allows,
//! carries the declared data (missing, extra and wrongly typed fields by JSON pointer), closes
//! with the flow token, and comes within WhatsApp's 10 s.

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::time::{Duration, Instant};

use openssl::pkey::{PKey, Public};
use serde::Serialize;
use serde_json::{json, Map, Value};

use super::journey::{ErrorMessage, Expect, Journey, Step};
use super::protocol::{self, Session};
use crate::contract::Contract;

/// WhatsApp gives up on an endpoint after this long.
pub const WHATSAPP_TIMEOUT: Duration = Duration::from_secs(10);
const SKIPPED: &str = "skipped";

/// The longest an exploration may take in all.
pub const EXPLORE_TIME: Duration = Duration::from_secs(120);

/// What to check and how.
pub struct Options {
    pub url: String,
    pub public_key: PKey<Public>,
    pub app_secret: Option<Vec<u8>>,
    /// `3.0` or `4.0`: the requests' `version` (4.0 adds `flow_token_signature`).
    pub data_api: String,
    pub journeys: Vec<(String, Journey)>,
    pub explore: bool,
    pub probe_security: bool,
    pub timeout: Duration,
    pub max_requests: usize,
}

/// One checked request (or device-side move) and what came back.
#[derive(Debug, Clone, Serialize)]
pub struct StepReport {
    /// `ping`, `INIT`, `journey <name> #<n>`, `explore`, `probe: …`.
    pub name: String,
    pub action: String,
    /// The screen the request was sent from.
    pub from: String,
    /// The screen answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub ms: u64,
    /// The decrypted request (or what the probe did).
    pub sent: Value,
    /// The decrypted answer, or the raw body (first 200 characters) when it does not decrypt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<Value>,
    pub problems: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl StepReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The whole run.
#[derive(Debug, Serialize)]
pub struct Report {
    pub url: String,
    pub ok: bool,
    /// Set when the endpoint could not be reached at all (exit status 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreachable: Option<String>,
    pub requests: usize,
    pub ms: u64,
    pub steps: Vec<StepReport>,
}

impl Report {
    pub fn first_failure(&self) -> Option<&StepReport> {
        self.steps.iter().find(|s| !s.ok())
    }
}

/// What the transport gave back.
enum Reply {
    Answer {
        status: u16,
        body: String,
    },
    Timeout,
    Unreachable(String),
    Broken(String),
    /// Not sent: an earlier request timed out or found the endpoint gone.
    Skipped,
}

/// What an answer must look like.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Ping,
    Ack,
    Screen,
}

struct Checker<'a> {
    opts: &'a Options,
    contract: &'a Contract,
    flow: &'a Value,
    agent: ureq::Agent,
    requests: usize,
    steps: Vec<StepReport>,
    /// Set after a timeout or a vanished endpoint: later requests would only wait the same.
    aborted: bool,
}

/// Runs every check and returns the report (never panics on what the endpoint sends).
pub fn run(opts: &Options, contract: &Contract, flow: &Value) -> Report {
    let started = Instant::now();
    let agent = crate::http::agent(
        opts.timeout,
        &format!("flowgen-check-endpoint/{}", env!("CARGO_PKG_VERSION")),
        crate::http::Proxy::Never,
    );
    let mut c = Checker {
        opts,
        contract,
        flow,
        agent,
        requests: 0,
        steps: Vec::new(),
        aborted: false,
    };
    let unreachable = c.all();
    let ok = unreachable.is_none() && c.steps.iter().all(StepReport::ok);
    Report {
        url: opts.url.clone(),
        ok,
        unreachable,
        requests: c.requests,
        ms: started.elapsed().as_millis() as u64,
        steps: c.steps,
    }
}

fn fresh_token() -> String {
    let mut b = [0u8; 8];
    let _ = openssl::rand::rand_bytes(&mut b);
    format!(
        "flowgen-check-{}",
        b.iter().map(|x| format!("{x:02x}")).collect::<String>()
    )
}

impl Checker<'_> {
    /// Everything in order; `Some(reason)` when the endpoint cannot be reached at all.
    fn all(&mut self) -> Option<String> {
        let ping = self.ping("ping");
        if let Some(reason) = ping {
            return Some(reason);
        }
        let token = fresh_token();
        let entry = self.contract.entry_screen.clone().unwrap_or_default();
        let init = self.request("INIT", "INIT", "", &token, Map::new(), Kind::Screen);
        let landed = init
            .as_ref()
            .and_then(|a| a.get("screen"))
            .and_then(Value::as_str)
            .unwrap_or(&entry)
            .to_owned();
        let note = json!({"error": "payload-schema-error", "error_message": "flowgen check-endpoint: a test error notification"});
        self.request(
            "error notification",
            "data_exchange",
            &landed,
            &token,
            note.as_object().cloned().unwrap_or_default(),
            Kind::Ack,
        );
        for (file, journey) in &self.opts.journeys {
            self.journey(file, journey);
        }
        if self.opts.explore {
            self.explore();
        }
        if self.opts.probe_security {
            self.probes();
        }
        None
    }

    fn version(&self) -> &str {
        &self.opts.data_api
    }

    /// A ping; `Some(reason)` only when nothing answers at all.
    fn ping(&mut self, name: &str) -> Option<String> {
        let payload = json!({"version": self.version(), "action": "ping"});
        let (reply, ms, session) = self.send_plain(&payload, true, None);
        let mut step = self.report(name, "ping", "", &payload, ms);
        if let Reply::Unreachable(reason) = &reply {
            if self.steps.is_empty() {
                return Some(reason.clone());
            }
        }
        self.judge(&mut step, reply, &session, Kind::Ping, "", "", None);
        self.record(step);
        None
    }

    fn report(&self, name: &str, action: &str, from: &str, sent: &Value, ms: u64) -> StepReport {
        StepReport {
            name: name.to_owned(),
            action: action.to_owned(),
            from: from.to_owned(),
            screen: None,
            status: None,
            ms,
            sent: sent.clone(),
            answer: None,
            problems: Vec::new(),
            note: None,
        }
    }

    /// The request payload in WhatsApp's key order.
    fn payload(&self, action: &str, screen: &str, token: &str, data: Map<String, Value>) -> Value {
        let mut p = Map::new();
        p.insert("data".into(), Value::Object(data));
        p.insert("flow_token".into(), json!(token));
        p.insert("screen".into(), json!(screen));
        p.insert("action".into(), json!(action));
        p.insert("version".into(), json!(self.version()));
        if self.version() == "4.0" {
            if let Some(secret) = &self.opts.app_secret {
                if let Ok(jwt) = protocol::flow_token_signature(secret, token) {
                    p.insert("flow_token_signature".into(), json!(jwt));
                }
            }
        }
        Value::Object(p)
    }

    /// Encrypts and posts `payload` (signed unless `signed` is false, or with `signature`).
    fn send_plain(
        &mut self,
        payload: &Value,
        signed: bool,
        signature: Option<&str>,
    ) -> (Reply, u64, Session) {
        let session = match Session::random() {
            Ok(s) => s,
            Err(e) => return (Reply::Broken(e.to_string()), 0, zero_session()),
        };
        let body = match protocol::request_body(
            &self.opts.public_key,
            &session,
            payload.to_string().as_bytes(),
        ) {
            Ok(b) => b,
            Err(e) => return (Reply::Broken(e.to_string()), 0, session),
        };
        let sig = match signature {
            Some(s) => Some(s.to_owned()),
            None if signed => self.sign(body.as_bytes()),
            None => None,
        };
        let (reply, ms) = self.post(&body, sig.as_deref());
        (reply, ms, session)
    }

    fn sign(&self, body: &[u8]) -> Option<String> {
        let secret = self.opts.app_secret.as_ref()?;
        protocol::hub_signature(secret, body).ok()
    }

    fn post(&mut self, body: &str, signature: Option<&str>) -> (Reply, u64) {
        if self.aborted {
            return (Reply::Skipped, 0);
        }
        self.requests += 1;
        let started = Instant::now();
        let mut req = self
            .agent
            .post(&self.opts.url)
            .header("Content-Type", "application/json");
        if let Some(s) = signature {
            req = req.header("X-Hub-Signature-256", s);
        }
        let result = req.send(body);
        let reply = match result {
            Ok(resp) => {
                let status = resp.status().as_u16();
                match resp.into_body().read_to_string() {
                    Ok(text) => Reply::Answer { status, body: text },
                    Err(e) => transport_error(e),
                }
            }
            Err(e) => transport_error(e),
        };
        if matches!(reply, Reply::Timeout | Reply::Unreachable(_)) {
            self.aborted = true;
        }
        (reply, started.elapsed().as_millis() as u64)
    }

    /// Records a step unless its request was never sent.
    fn record(&mut self, step: StepReport) {
        if step.note.as_deref() != Some(SKIPPED) {
            self.steps.push(step);
        }
    }

    /// One request; records the step and returns the decrypted answer when it came.
    fn request(
        &mut self,
        name: &str,
        action: &str,
        from: &str,
        token: &str,
        data: Map<String, Value>,
        kind: Kind,
    ) -> Option<Value> {
        self.request_expecting(name, action, from, token, data, kind, None)
            .1
    }

    #[allow(clippy::too_many_arguments)]
    fn request_expecting(
        &mut self,
        name: &str,
        action: &str,
        from: &str,
        token: &str,
        data: Map<String, Value>,
        kind: Kind,
        expect: Option<&Expect>,
    ) -> (bool, Option<Value>) {
        let payload = self.payload(action, from, token, data);
        let (reply, ms, session) = self.send_plain(&payload, true, None);
        let mut step = self.report(name, action, from, &payload, ms);
        self.judge(&mut step, reply, &session, kind, from, token, expect);
        let ok = step.ok() && step.note.as_deref() != Some(SKIPPED);
        let answer = step.answer.clone();
        self.record(step);
        (ok, answer)
    }

    /// Checks one reply and fills the step's status, answer and problems.
    #[allow(clippy::too_many_arguments)]
    fn judge(
        &self,
        step: &mut StepReport,
        reply: Reply,
        session: &Session,
        kind: Kind,
        from: &str,
        token: &str,
        expect: Option<&Expect>,
    ) {
        let want_status = expect.and_then(|e| e.status).unwrap_or(200);
        let (status, body) = match reply {
            Reply::Answer { status, body } => (status, body),
            Reply::Timeout => {
                step.problems.push(format!(
                    "no answer within {} ms (WhatsApp gives up after {} s)",
                    self.opts.timeout.as_millis(),
                    WHATSAPP_TIMEOUT.as_secs()
                ));
                return;
            }
            Reply::Unreachable(why) => {
                step.problems.push(format!(
                    "the endpoint stopped answering ({why}): did the previous request crash it?"
                ));
                return;
            }
            Reply::Broken(why) => {
                step.problems.push(why);
                return;
            }
            Reply::Skipped => {
                step.note = Some(SKIPPED.into());
                return;
            }
        };
        step.status = Some(status);
        if step.ms > WHATSAPP_TIMEOUT.as_millis() as u64 {
            step.problems.push(format!(
                "answered after {} ms: WhatsApp gives up after {} s",
                step.ms,
                WHATSAPP_TIMEOUT.as_secs()
            ));
        }
        if status != want_status {
            step.problems.push(format!(
                "HTTP {status}, expected {want_status}{}",
                status_hint(status)
            ));
        }
        if status != 200 && status != 427 {
            if !body.is_empty() {
                step.answer = Some(json!(excerpt(&body)));
            }
            return;
        }
        if status == 427 && body.trim().is_empty() {
            return;
        }
        let answer = match decrypt(session, &body) {
            Ok(v) => v,
            Err(problem) => {
                step.answer = Some(json!(excerpt(&body)));
                step.problems.push(problem);
                return;
            }
        };
        step.answer = Some(answer.clone());
        if status == 427 {
            if !answer.get("error_msg").is_some_and(Value::is_string) {
                step.problems
                    .push("a 427 answer carries {\"error_msg\": text} (or nothing)".into());
            }
            return;
        }
        match kind {
            Kind::Ping => {
                if answer != json!({"data": {"status": "active"}}) {
                    step.problems.push(format!(
                        "a ping is answered {{\"data\":{{\"status\":\"active\"}}}}, got {answer}"
                    ));
                }
            }
            Kind::Ack => {
                if answer.pointer("/data/acknowledged") != Some(&json!(true)) {
                    step.problems.push(format!(
                        "an error notification is answered {{\"data\":{{\"acknowledged\":true}}}}, got {answer}"
                    ));
                }
            }
            Kind::Screen => {
                step.screen = answer
                    .get("screen")
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                step.problems.extend(screen_problems(
                    self.contract,
                    &step.action,
                    from,
                    token,
                    &answer,
                ));
            }
        }
        if let Some(e) = expect {
            step.problems.extend(expectation_problems(e, &answer));
        }
    }

    fn journey(&mut self, file: &str, journey: &Journey) {
        let name = journey.name.clone().unwrap_or_else(|| {
            std::path::Path::new(file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| file.to_owned())
        });
        let token = journey.flow_token.clone().unwrap_or_else(fresh_token);
        let mut here = String::new();
        for (i, step) in journey.steps.iter().enumerate() {
            let label = match &step.label {
                Some(l) => format!("{name} #{} {l}", i + 1),
                None => format!("{name} #{}", i + 1),
            };
            if !self.journey_step(&label, step, &token, &mut here) {
                // Later steps build on this answer: the first failure says enough.
                break;
            }
        }
    }

    /// One journey step; false when it failed.
    fn journey_step(&mut self, label: &str, step: &Step, token: &str, here: &mut String) -> bool {
        if let Some(to) = &step.navigate {
            let mut r = self.report(label, "navigate", here, &json!({"navigate": to}), 0);
            r.screen = Some(to.clone());
            match self.contract.screen(here) {
                _ if self.contract.screen(to).is_none() => {
                    r.problems.push(format!("{to} is not a screen of the Flow"))
                }
                Some(s) if !s.next.contains(to) => r.problems.push(format!(
                    "the routing model does not let {here} navigate to {to} (it allows: {})",
                    list(&s.next)
                )),
                _ => {}
            }
            let ok = r.ok();
            self.steps.push(r);
            *here = to.clone();
            return ok;
        }
        let action = step.action();
        let token = step.flow_token.as_deref().unwrap_or(token);
        if action == "ping" {
            self.ping(label);
            return self.steps.last().is_some_and(StepReport::ok);
        }
        let from = match (&step.screen, action) {
            (Some(s), _) => s.clone(),
            (None, "INIT") => String::new(),
            (None, _) => here.clone(),
        };
        let data = step.payload.clone().unwrap_or_default();
        let kind = if data.contains_key("error") {
            Kind::Ack
        } else {
            Kind::Screen
        };
        let (ok, answer) = self.request_expecting(
            label,
            action,
            &from,
            token,
            data,
            kind,
            step.expect.as_ref(),
        );
        if let Some(s) = answer
            .as_ref()
            .and_then(|a| a.get("screen"))
            .and_then(Value::as_str)
        {
            *here = s.to_owned();
        }
        ok
    }

    fn probes(&mut self) {
        let ping = json!({"version": self.version(), "action": "ping"});
        let mut cases: Vec<(&str, Probe, u16)> = Vec::new();
        if self.opts.app_secret.is_some() {
            cases.push(("wrong signature", Probe::WrongSignature, 432));
            cases.push(("missing signature", Probe::MissingSignature, 432));
        } else {
            let mut r = self.report("probe: signature", "ping", "", &ping, 0);
            r.note = Some("skipped: no app secret (--app-secret-env) to sign with".into());
            self.steps.push(r);
        }
        cases.push(("another key", Probe::AnotherKey, 421));
        cases.push(("flipped ciphertext byte", Probe::FlippedCiphertext, 421));
        for (what, probe, want) in cases {
            let name = format!("probe: {what}");
            let (reply, ms) = self.probe(&ping, probe);
            let mut r = self.report(&name, "ping", "", &json!({"probe": what}), ms);
            match reply {
                Reply::Answer { status, .. } => {
                    r.status = Some(status);
                    if status != want {
                        r.problems.push(format!(
                            "{what}: answered HTTP {status}, expected {want}{}",
                            if status == 200 {
                                " (the endpoint accepted a request it must refuse)"
                            } else {
                                ""
                            }
                        ));
                    }
                }
                Reply::Timeout => r.problems.push(format!(
                    "{what}: no answer within {} ms",
                    self.opts.timeout.as_millis()
                )),
                Reply::Unreachable(why) | Reply::Broken(why) => {
                    r.problems.push(format!("{what}: {why}"))
                }
                Reply::Skipped => r.note = Some(SKIPPED.into()),
            }
            self.record(r);
            self.ping(&format!("ping after {what}"));
        }
    }

    fn probe(&mut self, ping: &Value, probe: Probe) -> (Reply, u64) {
        let plain = ping.to_string();
        let body = match probe {
            Probe::AnotherKey => {
                let other = openssl::rsa::Rsa::generate(2048)
                    .ok()
                    .and_then(|r| r.public_key_to_pem().ok())
                    .and_then(|pem| protocol::public_key(&pem).ok());
                match (other, Session::random()) {
                    (Some(k), Ok(s)) => protocol::request_body(&k, &s, plain.as_bytes()).ok(),
                    _ => None,
                }
            }
            _ => Session::random().ok().and_then(|s| {
                protocol::request_body(&self.opts.public_key, &s, plain.as_bytes()).ok()
            }),
        };
        let Some(mut body) = body else {
            return (Reply::Broken("could not build the probe".into()), 0);
        };
        if probe == Probe::FlippedCiphertext {
            if let Ok(mut v) = serde_json::from_str::<Value>(&body) {
                if let Some(mut bytes) = v["encrypted_flow_data"]
                    .as_str()
                    .and_then(|s| openssl::base64::decode_block(s).ok())
                {
                    bytes[0] ^= 1;
                    v["encrypted_flow_data"] = json!(openssl::base64::encode_block(&bytes));
                    body = v.to_string();
                }
            }
        }
        let sig = match probe {
            Probe::MissingSignature => None,
            Probe::WrongSignature => Some(format!("sha256={}", "0".repeat(64))),
            _ => self.sign(body.as_bytes()),
        };
        self.post(&body, sig.as_deref())
    }

    /// Breadth-first over every data_exchange, navigate and BACK reachable from INIT.
    fn explore(&mut self) {
        let started = Instant::now();
        let budget_end = self.requests + self.opts.max_requests;
        let token = fresh_token();
        let Some(init) = self.request("explore INIT", "INIT", "", &token, Map::new(), Kind::Screen)
        else {
            return;
        };
        let Some(first) = State::from_answer(&init, BTreeMap::new()) else {
            return;
        };
        let mut queue = VecDeque::from([first]);
        let mut seen: HashSet<String> = HashSet::new();
        let mut visited_screens: HashSet<String> = HashSet::new();
        let mut truncated = false;
        let backs = back_screens(self.flow);
        while let Some(mut state) = queue.pop_front() {
            if self.requests >= budget_end || started.elapsed() > EXPLORE_TIME {
                truncated = true;
                break;
            }
            let Some(screen) = screen_node(self.flow, &state.screen) else {
                continue;
            };
            let form = fill_form(screen, &state.data);
            state.forms.insert(state.screen.clone(), form);
            let first_visit = visited_screens.insert(state.screen.clone());
            if first_visit
                && (backs.contains(&state.screen)
                    || Some(&state.screen) == self.contract.entry_screen.as_ref())
            {
                let name = format!("explore BACK to {}", state.screen);
                self.request(
                    &name,
                    "BACK",
                    &state.screen,
                    &token,
                    Map::new(),
                    Kind::Screen,
                );
            }
            for action in actions(screen) {
                if self.requests >= budget_end || started.elapsed() > EXPLORE_TIME {
                    truncated = true;
                    break;
                }
                let name = action.get("name").and_then(Value::as_str).unwrap_or("");
                let payload = resolve(action.get("payload").unwrap_or(&json!({})), &state);
                let key = format!("{} {name} {}", state.screen, signature(&payload));
                if !seen.insert(key) {
                    continue;
                }
                let data = payload.as_object().cloned().unwrap_or_default();
                match name {
                    "navigate" => {
                        let Some(to) = action.pointer("/next/name").and_then(Value::as_str) else {
                            continue;
                        };
                        queue.push_back(State {
                            screen: to.to_owned(),
                            data,
                            forms: state.forms.clone(),
                        });
                    }
                    "data_exchange" => {
                        let label = format!("explore {} {}", state.screen, intent_of(&data));
                        let answer = self.request(
                            &label,
                            "data_exchange",
                            &state.screen,
                            &token,
                            data,
                            Kind::Screen,
                        );
                        if let Some(next) =
                            answer.and_then(|a| State::from_answer(&a, state.forms.clone()))
                        {
                            if next.screen != "SUCCESS" {
                                queue.push_back(next);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        if truncated {
            if let Some(last) = self.steps.last_mut() {
                last.note = Some(format!(
                    "exploration stopped: --max-requests {} or {} s reached",
                    self.opts.max_requests,
                    EXPLORE_TIME.as_secs()
                ));
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Probe {
    WrongSignature,
    MissingSignature,
    AnotherKey,
    FlippedCiphertext,
}

fn zero_session() -> Session {
    Session {
        aes_key: [0; 16],
        iv: [0; 16],
    }
}

fn transport_error(e: ureq::Error) -> Reply {
    match e {
        ureq::Error::Timeout(_) => Reply::Timeout,
        ureq::Error::HostNotFound => Reply::Unreachable("host not found".into()),
        ureq::Error::ConnectionFailed => Reply::Unreachable("connection refused".into()),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            Reply::Unreachable("connection refused".into())
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => Reply::Timeout,
        ureq::Error::BadUri(u) => Reply::Unreachable(format!("bad URL {u}")),
        other => Reply::Broken(format!(
            "the connection closed without an HTTP answer ({other}): did the endpoint crash on this request?"
        )),
    }
}

fn status_hint(status: u16) -> &'static str {
    match status {
        421 => " (421: the endpoint could not decrypt the request — wrong key pair, or OAEP without SHA-256?)",
        432 => " (432: the endpoint refused the X-Hub-Signature-256 — is the app secret the same?)",
        427 => " (427: the endpoint refused the flow token)",
        500..=599 => " (a server error: WhatsApp shows the user a generic error)",
        _ => "",
    }
}

fn excerpt(body: &str) -> String {
    body.chars().take(200).collect()
}

/// Decrypts an answer with the flipped IV; says precisely what is wrong when it does not.
fn decrypt(session: &Session, body: &str) -> Result<Value, String> {
    let Ok(sealed) = openssl::base64::decode_block(body.trim()) else {
        return Err(format!(
            "the answer is not Base64 text (WhatsApp expects the bare Base64 of ciphertext‖tag): {:?}",
            excerpt(body)
        ));
    };
    let plain = match protocol::open(&session.aes_key, &session.flipped_iv(), &sealed) {
        Ok(p) => p,
        Err(_) => {
            if protocol::open(&session.aes_key, &session.iv, &sealed).is_ok() {
                return Err("the answer is encrypted with the request's IV: encrypt with every bit of the IV flipped (b ^ 0xFF)".into());
            }
            return Err(
                "the answer does not decrypt with the request's AES key and the flipped IV".into(),
            );
        }
    };
    match serde_json::from_slice::<Value>(&plain) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(format!(
            "the decrypted answer is not a JSON object: {:?}",
            excerpt(&String::from_utf8_lossy(&plain))
        )),
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

/// The screens an answer to `action` sent from `from` may name (besides SUCCESS).
pub fn allowed_screens(contract: &Contract, action: &str, from: &str) -> Vec<String> {
    let entry = contract.entry_screen.clone().unwrap_or_default();
    let Some(here) = contract.screen(from) else {
        return vec![entry];
    };
    let mut out = vec![from.to_owned()];
    out.extend(here.next.iter().cloned());
    if action == "BACK" {
        out.extend(
            contract
                .screens
                .iter()
                .filter(|s| s.next.iter().any(|n| n == from))
                .map(|s| s.id.clone()),
        );
    }
    out
}

/// The problems of a screen answer sent from `from` (routing, declared data, closing).
pub fn screen_problems(
    contract: &Contract,
    action: &str,
    from: &str,
    token: &str,
    answer: &Value,
) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(to) = answer.get("screen").and_then(Value::as_str) else {
        return vec![format!(
            "the answer has no \"screen\" (WhatsApp requires one): {answer}"
        )];
    };
    let data = match answer.get("data") {
        Some(Value::Object(d)) => d.clone(),
        None => Map::new(),
        Some(other) => {
            return vec![format!("/data is {}, expected an object", type_of(other))];
        }
    };
    if to == "SUCCESS" {
        match answer.pointer("/data/extension_message_response/params") {
            Some(Value::Object(params)) => match params.get("flow_token") {
                Some(Value::String(t)) if t == token => {}
                Some(other) => problems.push(format!(
                    "/data/extension_message_response/params/flow_token is {other}, expected the request's token {token:?}"
                )),
                None => problems.push(
                    "/data/extension_message_response/params/flow_token missing: a closing answer carries the flow token".into(),
                ),
            },
            _ => problems.push(
                "/data/extension_message_response/params missing: a closing answer is {\"screen\":\"SUCCESS\",\"data\":{\"extension_message_response\":{\"params\":{\"flow_token\":…}}}}".into(),
            ),
        }
        return problems;
    }
    let Some(target) = contract.screen(to) else {
        return vec![format!(
            "screen {to:?} is not in the Flow (screens: {})",
            list(
                &contract
                    .screens
                    .iter()
                    .map(|s| s.id.clone())
                    .collect::<Vec<_>>()
            )
        )];
    };
    let allowed = allowed_screens(contract, action, from);
    if !allowed.iter().any(|a| a == to) {
        if from.is_empty() {
            problems.push(format!(
                "{action} answered {to}: without a current screen only the entry screen is allowed ({})",
                list(&allowed)
            ));
        } else {
            problems.push(format!(
                "{action} from {from} answered {to}: the routing model does not allow it (allowed: {})",
                list(&allowed)
            ));
        }
    }
    check_object(&target.data, &data, "/data", true, &mut problems);
    if let Some(m) = data.get("error_message") {
        if !m.is_string() {
            problems.push(format!(
                "/data/error_message is {}, expected string",
                type_of(m)
            ));
        }
    }
    problems
}

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "boolean",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => "null",
    }
}

fn type_matches(declared: &str, v: &Value) -> bool {
    match declared {
        "integer" => v.as_i64().is_some() || v.as_u64().is_some(),
        other => type_of(v) == other,
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Declared properties against data: missing, extra (error_message aside at the top) and types.
fn check_object(
    declared: &Map<String, Value>,
    data: &Map<String, Value>,
    at: &str,
    top: bool,
    problems: &mut Vec<String>,
) {
    for (key, schema) in declared {
        let here = format!("{at}/{}", escape(key));
        match data.get(key) {
            None => problems.push(format!("{here} missing (the screen declares it)")),
            Some(v) => check_value(schema, v, &here, problems),
        }
    }
    for key in data.keys() {
        let allowed_extra = top && key == "error_message";
        if !allowed_extra && !declared.contains_key(key) {
            problems.push(format!(
                "{at}/{} is not declared by the screen",
                escape(key)
            ));
        }
    }
}

fn check_value(schema: &Value, v: &Value, at: &str, problems: &mut Vec<String>) {
    let declared = schema.get("type").and_then(Value::as_str);
    if let Some(t) = declared {
        if !type_matches(t, v) {
            problems.push(format!("{at} is {}, declared {t}", type_of(v)));
            return;
        }
    }
    match v {
        Value::Array(items) => {
            if let Some(item) = schema.get("items") {
                for (i, x) in items.iter().enumerate() {
                    check_value(item, x, &format!("{at}/{i}"), problems);
                }
            }
        }
        Value::Object(map) => {
            if let Some(Value::Object(props)) = schema.get("properties") {
                check_object(props, map, at, false, problems);
            }
        }
        _ => {}
    }
}

/// The journey's expectations on one answer.
fn expectation_problems(e: &Expect, answer: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let screen = answer.get("screen").and_then(Value::as_str).unwrap_or("");
    if let Some(want) = &e.screen {
        if want != screen {
            problems.push(format!("expected screen {want}, got {screen:?}"));
        }
    }
    let data = answer.get("data").cloned().unwrap_or(Value::Null);
    if let Some(fields) = &e.data {
        for (key, want) in fields {
            let pointer = if key.starts_with('/') {
                key.clone()
            } else {
                format!("/{}", escape(key))
            };
            match data.pointer(&pointer) {
                None => problems.push(format!("/data{pointer} missing, expected {want}")),
                Some(got) if !same(got, want) => {
                    problems.push(format!("/data{pointer} is {got}, expected {want}"))
                }
                _ => {}
            }
        }
    }
    let message = data.get("error_message");
    match (&e.error_message, message) {
        (Some(ErrorMessage::Present(true)), None) => {
            problems.push("expected data.error_message, the answer has none".into())
        }
        (Some(ErrorMessage::Present(false)), Some(m)) => {
            problems.push(format!("expected no error_message, got {m}"))
        }
        (Some(ErrorMessage::Text(want)), got) if got.and_then(Value::as_str) != Some(want) => {
            problems.push(format!(
                "/data/error_message is {}, expected {want:?}",
                got.map(|g| g.to_string())
                    .unwrap_or_else(|| "missing".into())
            ))
        }
        _ => {}
    }
    problems
}

/// Equal, with numbers compared by value (YAML `1` against JSON `1.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

// ---- exploration: plausible form values from the screen's components ----

struct State {
    screen: String,
    data: Map<String, Value>,
    /// Form values per screen id, as filled so far.
    forms: BTreeMap<String, Map<String, Value>>,
}

impl State {
    fn from_answer(answer: &Value, forms: BTreeMap<String, Map<String, Value>>) -> Option<State> {
        Some(State {
            screen: answer.get("screen")?.as_str()?.to_owned(),
            data: answer
                .get("data")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            forms,
        })
    }
}

fn screen_node<'v>(flow: &'v Value, id: &str) -> Option<&'v Value> {
    flow.get("screens")?
        .as_array()?
        .iter()
        .find(|s| s.get("id").and_then(Value::as_str) == Some(id))
}

fn back_screens(flow: &Value) -> HashSet<String> {
    flow.get("screens")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|s| s.get("refresh_on_back") == Some(&json!(true)))
        .filter_map(|s| s.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// Every object under `node` (depth-first, bounded by the document's own depth).
fn walk<'v>(node: &'v Value, out: &mut Vec<&'v Map<String, Value>>) {
    match node {
        Value::Object(m) => {
            out.push(m);
            for v in m.values() {
                walk(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
        _ => {}
    }
}

/// The navigate and data_exchange actions of a screen, in document order.
fn actions(screen: &Value) -> Vec<&Value> {
    let mut objects = Vec::new();
    walk(screen.get("layout").unwrap_or(&Value::Null), &mut objects);
    let mut out = Vec::new();
    for o in objects {
        for (k, v) in o {
            if k.starts_with("on-") && k.ends_with("-action") {
                let name = v.get("name").and_then(Value::as_str);
                if matches!(name, Some("navigate" | "data_exchange")) {
                    out.push(v);
                }
            }
        }
    }
    out
}

/// The first option id of a component's data source (a literal list or `${data.x}`).
fn first_option(c: &Map<String, Value>, data: &Map<String, Value>) -> Option<Value> {
    let source = c.get("data-source")?;
    let items = match source {
        Value::Array(a) => a.clone(),
        Value::String(s) => {
            let key = s.strip_prefix("${data.")?.strip_suffix('}')?;
            data.get(key)?.as_array()?.clone()
        }
        _ => return None,
    };
    items
        .iter()
        .find(|i| i.get("enabled") != Some(&json!(false)))
        .and_then(|i| i.get("id").cloned())
}

const TEXT_CANDIDATES: &[&str] = &[
    "Test",
    "1234",
    "123456",
    "ABCD",
    "K9Q2",
    "SAHY0001234",
    "name@bank",
    "user@example.com",
    "1234567890",
    "001234567890",
    "01310-100",
    "5551234567",
];

fn text_value(c: &Map<String, Value>) -> String {
    let kind = c
        .get("input-type")
        .and_then(Value::as_str)
        .unwrap_or("text");
    let default = match kind {
        "number" => "1",
        "email" => "user@example.com",
        "phone" => "5551234567",
        "passcode" => "1234",
        "password" => "Secret123",
        _ => "Test",
    };
    let limit = |key: &str| c.get(key).and_then(Value::as_u64).map(|n| n as usize);
    let (min, max) = (limit("min-chars").unwrap_or(0), limit("max-chars"));
    let pattern = c
        .get("pattern")
        .and_then(Value::as_str)
        .and_then(|p| regex::Regex::new(&format!("^(?:{p})$")).ok());
    let fits = |t: &&str| {
        let n = t.chars().count();
        n >= min
            && max.map_or(true, |m| n <= m)
            && pattern.as_ref().map_or(true, |re| re.is_match(t))
    };
    std::iter::once(default)
        .chain(TEXT_CANDIDATES.iter().copied())
        .find(fits)
        .unwrap_or(default)
        .to_owned()
}

/// A date the picker accepts: its `min-date` when it has a literal one, else 1990-01-01.
fn date_value(c: &Map<String, Value>) -> Value {
    match c.get("min-date").and_then(Value::as_str) {
        Some(d) if d.len() == 10 && !d.contains('$') => json!(d),
        _ => json!("1990-01-01"),
    }
}

/// Plausible values for the named inputs of a screen.
fn fill_form(screen: &Value, data: &Map<String, Value>) -> Map<String, Value> {
    let mut objects = Vec::new();
    walk(screen.get("layout").unwrap_or(&Value::Null), &mut objects);
    let mut form = Map::new();
    for c in objects {
        let (Some(kind), Some(name)) = (
            c.get("type").and_then(Value::as_str),
            c.get("name").and_then(Value::as_str),
        ) else {
            continue;
        };
        let value = match kind {
            "Dropdown" | "RadioButtonsGroup" => first_option(c, data),
            "CheckboxGroup" | "ChipsSelector" => first_option(c, data).map(|v| json!([v])),
            "TextInput" => Some(json!(text_value(c))),
            "TextArea" => Some(json!("Test")),
            "DatePicker" | "CalendarPicker" => Some(date_value(c)),
            "OptIn" => Some(json!(true)),
            _ => None,
        };
        if let Some(v) = value {
            form.insert(name.to_owned(), v);
        }
    }
    form
}

/// A payload with its `${form.x}`, `${screen.S.form.x}` and `${data.x}` bindings replaced.
fn resolve(payload: &Value, state: &State) -> Value {
    match payload {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                match v {
                    Value::String(s) if s.starts_with("${") => {
                        if let Some(x) = binding(s, state) {
                            out.insert(k.clone(), x);
                        }
                    }
                    other => {
                        out.insert(k.clone(), resolve(other, state));
                    }
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

fn binding(expr: &str, state: &State) -> Option<Value> {
    let inner = expr.strip_prefix("${")?.strip_suffix('}')?;
    let parts: Vec<&str> = inner.split('.').collect();
    match parts.as_slice() {
        ["form", name] => state.forms.get(&state.screen)?.get(*name).cloned(),
        ["screen", s, "form", name] => state.forms.get(*s)?.get(*name).cloned(),
        ["data", name] => state.data.get(*name).cloned(),
        _ => None,
    }
}

fn intent_of(data: &Map<String, Value>) -> String {
    data.get("intent")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned()
}

fn signature(payload: &Value) -> String {
    payload.to_string()
}

/// The report as text: one line per step, then the first failure in full.
pub fn human(report: &Report) -> String {
    let mut out = String::new();
    for s in &report.steps {
        let route = match (&s.screen, s.action.as_str()) {
            (Some(to), _) => format!("{} → {to}", if s.from.is_empty() { "·" } else { &s.from }),
            (None, _) => String::new(),
        };
        let status = s
            .status
            .map(|c| c.to_string())
            .unwrap_or_else(|| "—".into());
        out += &format!(
            "{:<4} {:<40} {:<14} {:<28} {:>3} {:>6} ms",
            if s.ok() { "ok" } else { "FAIL" },
            s.name,
            s.action,
            route,
            status,
            s.ms
        );
        if !s.ok() {
            out += &format!(": {}", s.problems.join("; "));
        }
        if let Some(n) = &s.note {
            out += &format!(" ({n})");
        }
        out.push('\n');
    }
    if let Some(why) = &report.unreachable {
        out += &format!(
            "error: cannot reach {}: {why} (is the endpoint running, and is the URL right?)\n",
            report.url
        );
        return out;
    }
    if let Some(f) = report.first_failure() {
        out += &format!("\nfirst failure: {}\n  sent:     {}\n", f.name, f.sent);
        match (&f.status, &f.answer) {
            (Some(code), Some(a)) => out += &format!("  received: HTTP {code} {a}\n"),
            (Some(code), None) => out += &format!("  received: HTTP {code} (empty body)\n"),
            _ => out += "  received: nothing\n",
        }
        for p in &f.problems {
            out += &format!("  - {p}\n");
        }
    }
    let failed = report.steps.iter().filter(|s| !s.ok()).count();
    out += &format!(
        "{}: {} steps, {failed} failed, {} requests to {} in {} ms\n",
        if report.ok { "ok" } else { "FAILED" },
        report.steps.len(),
        report.requests,
        report.url,
        report.ms
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::{json::parse, Flow};

    fn contract() -> Contract {
        let text = r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},
          "screens":[{"id":"A","title":"a","data":{"items":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"}}},"__example__":[]},"n":{"type":"number","__example__":1}},
            "layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Go","on-click-action":{"name":"data_exchange","payload":{}}}]}},
            {"id":"B","title":"b","terminal":true,"layout":{"type":"SingleColumnLayout","children":[]}}]}"#;
        let doc = parse(text).unwrap();
        Contract::from_flow(&Flow::new(&doc.root, None))
    }

    #[test]
    fn names_missing_extra_and_wrongly_typed_fields_by_pointer() {
        let c = contract();
        let p = screen_problems(
            &c,
            "INIT",
            "",
            "t",
            &json!({"screen": "A", "data": {"items": [{"id": 1, "x": 2}], "extra": true}}),
        );
        assert_eq!(
            p,
            [
                "/data/items/0/id is number, declared string",
                "/data/items/0/x is not declared by the screen",
                "/data/n missing (the screen declares it)",
                "/data/extra is not declared by the screen"
            ]
        );
    }

    #[test]
    fn routing_and_closing() {
        let c = contract();
        let p = screen_problems(
            &c,
            "data_exchange",
            "B",
            "t",
            &json!({"screen": "A", "data": {"items": [], "n": 1}}),
        );
        assert!(p[0].contains("routing model does not allow"), "{p:?}");
        let p = screen_problems(
            &c,
            "data_exchange",
            "A",
            "t",
            &json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {}}}}),
        );
        assert!(p[0].contains("flow_token missing"), "{p:?}");
        assert!(screen_problems(&c, "data_exchange", "A", "t", &json!({"screen": "SUCCESS", "data": {"extension_message_response": {"params": {"flow_token": "t"}}}})).is_empty());
    }

    #[test]
    fn says_when_the_iv_was_not_flipped() {
        let s = Session::random().unwrap();
        let sealed = protocol::seal(&s.aes_key, &s.iv, b"{}").unwrap();
        let e = decrypt(&s, &openssl::base64::encode_block(&sealed)).unwrap_err();
        assert!(e.contains("request's IV"), "{e}");
    }

    #[test]
    fn text_inputs_get_values_their_pattern_and_limits_accept() {
        let c = json!({"type": "TextInput", "name": "ifsc", "pattern": "[A-Z]{4}0[A-Z0-9]{6}"});
        assert_eq!(text_value(c.as_object().unwrap()), "SAHY0001234");
        let c = json!({"type": "TextInput", "name": "pin", "input-type": "number", "min-chars": 6, "max-chars": 6});
        assert_eq!(text_value(c.as_object().unwrap()), "123456");
    }
}
