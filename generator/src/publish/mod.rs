//! `flowgen publish`: put a Flow on WhatsApp through the Graph API, checked, repeatable and safe.
//!
//! The steps, in order, each one a method of the private `Publisher`:
//! 1. lint flow.json at the publish level (any error stops before a byte is sent);
//! 2. find the Flow: the id recorded for `--env` in `.flowgen/published.yaml`, else a Flow of the
//!    same name in the WABA (every page of the list), else create one;
//! 3. upload the exact linted bytes, only when their SHA-256 differs from the last upload; Meta's
//!    `validation_errors` stop the run (Meta answers 200 `success: true` even with errors);
//!    Meta refusing the edit (139001) makes a clone that records its predecessor;
//! 4. set `endpoint_uri`; register the business public key and read it back until `VALID`;
//! 5. read readiness (health, key, app, endpoint) and print every missing item at once;
//! 6. publish (`--publish`), or print the draft's preview URL without rotating it;
//! 7. send a test message (`--send-test`).
//!
//! The token comes only from `WHATSAPP_TOKEN` and is scrubbed from everything printed.
//! `--dry-run` prints each call and why, and sends none that changes state.
//!
//! Beside the steps: [`request`] (arguments and environment), [`graph`] (the HTTP client,
//! retries, scrubbing), [`multipart`] (the asset body), [`state`] (`.flowgen/published.yaml`),
//! [`validation`] (Meta's findings as pointers), [`readiness`], [`key`], [`message`] (the test
//! message), [`errors`] (Meta's codes in plain words) and [`report`] (what a run prints).

pub mod errors;
pub mod graph;
pub mod key;
pub mod message;
pub mod multipart;
pub mod readiness;
pub mod report;
pub mod request;
pub mod state;
pub mod validation;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::flow::Version;
use crate::generate::CheckedFlow;
use crate::lint::{self, Diagnostic, Severity};
use errors::Step;
use graph::{Body, Call, Client, GraphError};
use readiness::{Missing, Needs};
pub use report::{human_summary, Report, StepRecord};
pub use request::{Request, Settings};
use state::{Environment, State};
use validation::MetaFinding;

/// Meta's Flow categories (its reference lists eight; AWS and Infobip also accept SHOPPING).
pub const CATEGORIES: &[&str] = &[
    "SIGN_UP",
    "SIGN_IN",
    "APPOINTMENT_BOOKING",
    "LEAD_GENERATION",
    "CONTACT_US",
    "CUSTOMER_SUPPORT",
    "SURVEY",
    "OTHER",
    "SHOPPING",
];
/// Largest asset Meta accepts.
pub const MAX_ASSET_BYTES: usize = 10 * 1024 * 1024;
/// Longest Flow name we send (AWS documents 200).
pub const MAX_NAME_CHARS: usize = 200;
/// Pages of the WABA's Flow list read at most while adopting by name (100 Flows each).
pub const MAX_LIST_PAGES: usize = 100;
const PLACEHOLDER_ID: &str = "<new-flow-id>";

/// The categories a use case's Flow is created with when `--category` is not given.
pub fn default_categories(use_case: Option<&str>) -> Vec<String> {
    let category = match use_case {
        Some("loan-offer" | "insurance-quote" | "purchase-intent") => "LEAD_GENERATION",
        _ => "OTHER",
    };
    vec![category.to_owned()]
}

/// Why a run stopped: the message (already in plain words) and the exit status.
#[derive(Debug, Clone)]
pub struct Stop {
    pub message: String,
    pub code: u8,
}

impl Stop {
    fn failed(message: impl Into<String>) -> Stop {
        Stop {
            message: message.into(),
            code: crate::error::EXIT_FAILED,
        }
    }
    fn usage(message: impl Into<String>) -> Stop {
        Stop {
            message: message.into(),
            code: crate::error::EXIT_USAGE,
        }
    }
}

/// Runs `flowgen publish`; returns the report and the exit status. Nothing printed or returned
/// holds the token.
pub fn run(request: &Request, settings: &Settings) -> (Report, u8) {
    let mut p = Publisher::new(request, settings);
    let result = p.run();
    if !request.dry_run && !p.env.flow_id.is_empty() && p.env.flow_id != PLACEHOLDER_ID {
        p.state
            .environments
            .insert(request.env.clone(), p.env.clone());
        if let Err(e) = p.state.save(&p.state_path) {
            p.report
                .notes
                .push(format!("could not record the Flow: {e}"));
        }
    }
    p.fill_report();
    let code = match result {
        Ok(()) => {
            p.report.ok = true;
            crate::error::EXIT_OK
        }
        Err(stop) => {
            p.report.error = Some(p.scrub(&stop.message));
            stop.code
        }
    };
    let report = p.report;
    (report, code)
}

/// Facts about the Flow read from the linted text.
#[derive(Debug, Clone, Default)]
struct FlowFacts {
    version: Option<Version>,
    /// Has `data_api_version`: talks to an endpoint, so publishing needs endpoint, key and app.
    endpoint: bool,
    /// The entry screen (the contract's), where a test message of a Flow without endpoint opens.
    first_screen: Option<String>,
}

struct Publisher<'a> {
    req: &'a Request,
    settings: &'a Settings,
    client: Option<Client>,
    state: State,
    state_path: PathBuf,
    flow_path: PathBuf,
    project: Option<ProjectAnswers>,
    env: Environment,
    text: String,
    facts: FlowFacts,
    report: Report,
    /// The Flow's status and endpoint URI as Meta last told us.
    remote_status: Option<String>,
    remote_endpoint: Option<String>,
    metadata_changed: bool,
    key_status: Option<String>,
}

#[derive(Debug, Clone)]
struct ProjectAnswers {
    use_case: Option<String>,
    brand: Option<String>,
}

impl<'a> Publisher<'a> {
    fn new(req: &'a Request, settings: &'a Settings) -> Publisher<'a> {
        let flow_path = if req.path.is_dir() {
            req.path.join("flow.json")
        } else {
            req.path.clone()
        };
        // `.` as PATH shows as `flow.json`, not `./flow.json`.
        let flow_path = flow_path
            .strip_prefix(".")
            .map(Path::to_path_buf)
            .unwrap_or(flow_path);
        let state_path = state::path_for(&flow_path);
        let client = settings
            .token
            .as_ref()
            .map(|t| Client::new(&settings.url, &settings.version, t.clone(), settings.retry));
        Publisher {
            req,
            settings,
            client,
            state: State::default(),
            state_path: state_path.clone(),
            flow_path: flow_path.clone(),
            project: None,
            env: Environment::default(),
            text: String::new(),
            facts: FlowFacts::default(),
            report: Report {
                dry_run: req.dry_run,
                env: req.env.clone(),
                waba_id: req.waba_id.clone(),
                flow_file: flow_path.display().to_string(),
                state_file: state_path.display().to_string(),
                ..Report::default()
            },
            remote_status: None,
            remote_endpoint: None,
            metadata_changed: false,
            key_status: None,
        }
    }

    fn run(&mut self) -> Result<(), Stop> {
        self.req.check(self.client.is_some())?;
        self.lint()?;
        self.load_state()?;
        self.find()?;
        self.upload()?;
        self.set_endpoint_uri()?;
        self.register_key()?;
        self.readiness()?;
        if self.req.publish {
            self.publish()?;
        } else {
            self.draft_preview();
        }
        self.send_test()?;
        Ok(())
    }

    // ---- output -------------------------------------------------------------------------

    fn scrub(&self, text: &str) -> String {
        match &self.settings.token {
            Some(t) => graph::scrub(text, t),
            None => text.to_owned(),
        }
    }

    fn say(&self, line: &str) {
        if self.req.human {
            crate::say!("{}", self.scrub(line));
        }
    }

    fn note(&mut self, text: String) {
        self.say(&format!("  note: {text}"));
        self.report.notes.push(self.scrub(&text));
    }

    fn fill_report(&mut self) {
        let r = &mut self.report;
        r.flow_id = Some(self.env.flow_id.clone()).filter(|s| !s.is_empty() && s != PLACEHOLDER_ID);
        r.name = self.env.name.clone();
        r.status = self.env.status.clone();
        r.predecessors = self.env.predecessors.clone();
    }

    // ---- calls --------------------------------------------------------------------------

    /// Sends `call` (or, in a dry run, records it unsent when it would change state).
    /// `Ok(None)`: not sent. Errors come back raw so a step can react to a code.
    fn try_call(&mut self, call: Call, why: &str) -> Result<Option<Value>, GraphError> {
        let description = call.describe();
        let held = self.req.dry_run && call.method.changes_state();
        let pending_id = call.path.contains(PLACEHOLDER_ID);
        let sent = self.client.is_some() && !held && !pending_id;
        self.report.steps.push(StepRecord {
            method: call.method.as_str(),
            path: self.scrub(&description[call.method.as_str().len() + 1..]),
            why: self.scrub(why),
            sent,
        });
        let client = match &self.client {
            Some(c) if sent => c,
            _ => {
                let unread = if self.client.is_none() && !call.method.changes_state() {
                    " (not read: WHATSAPP_TOKEN is not set)"
                } else {
                    ""
                };
                self.say(&format!("  would {description} — {why}{unread}"));
                return Ok(None);
            }
        };
        self.say(&format!("  {description} — {why}"));
        let mut waits = Vec::new();
        let result = client.send(&call, &mut |code, wait| waits.push((code, wait)));
        for (code, wait) in waits {
            self.note(format!(
                "Meta is limiting calls (code {code}); waiting {} ms, then trying again",
                wait.as_millis()
            ));
        }
        result.map(Some)
    }

    /// [`Self::try_call`], with any failure turned into a plain-words stop.
    fn call(&mut self, step: Step, call: Call, why: &str) -> Result<Option<Value>, Stop> {
        self.try_call(call, why)
            .map_err(|e| Stop::failed(self.scrub(&errors::explain(step, &e))))
    }

    // ---- 1. lint ------------------------------------------------------------------------

    fn lint(&mut self) -> Result<(), Stop> {
        let shown = self.flow_path.display().to_string();
        let bytes = std::fs::read(&self.flow_path).map_err(|e| {
            Stop::usage(format!(
                "cannot read {shown}: {e}; PATH is a generated project folder (holding flow.json) or a Flow JSON file"
            ))
        })?;
        if bytes.len() > MAX_ASSET_BYTES {
            return Err(Stop::usage(format!(
                "{shown} is {} bytes; Meta accepts Flow JSON assets of at most 10 MB",
                bytes.len()
            )));
        }
        self.text = String::from_utf8(bytes)
            .map_err(|_| Stop::usage(format!("{shown} is not valid UTF-8; save it as UTF-8")))?;
        self.report.sha256 = sha256_hex(self.text.as_bytes());
        self.say(&format!(
            "flowgen publish: {shown} → WABA {} (env {})",
            self.req.waba_id, self.req.env
        ));
        // The pipeline's check step at publish level, on the exact bytes that will be uploaded.
        let options = lint::Options {
            flow_version: None,
            for_publish: true,
        };
        let document = match lint::parse(&self.text) {
            Ok(d) => d,
            Err(d) => {
                self.say(lint::report::human(&shown, &self.text, &d).trim_end());
                self.report.lint = vec![d];
                return Err(Stop::usage(format!("{shown} is not a JSON document")));
            }
        };
        let diagnostics = lint::check_document(&self.text, &document, &options);
        for d in &diagnostics {
            self.say(lint::report::human(&shown, &self.text, d).trim_end());
        }
        self.report.lint = diagnostics.clone();
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if errors > 0 {
            return Err(Stop::failed(format!(
                "{shown} has {errors} error(s) at the publish level (see above): nothing was sent to Meta"
            )));
        }
        self.say(&format!(
            "  lint: {shown} passes the publish-level rules{}",
            if diagnostics.is_empty() {
                String::new()
            } else {
                format!(" ({} warning(s) above)", diagnostics.len())
            }
        ));
        let checked = CheckedFlow {
            text: self.text.clone(),
            document: document.into_owned(),
            warnings: diagnostics,
        };
        let flow = checked.flow();
        self.facts = FlowFacts {
            version: flow.version,
            endpoint: flow.has_endpoint(),
            first_screen: checked.contract().entry_screen,
        };
        if self.req.endpoint_uri.is_some()
            && self
                .facts
                .version
                .is_some_and(|v| v < crate::flow::version::v(3, 0))
        {
            return Err(Stop::usage(
                "--endpoint-uri needs Flow JSON 3.0 or later; older versions name the endpoint in flow.json (data_channel_uri)",
            ));
        }
        self.project = read_answers(&self.flow_path);
        Ok(())
    }

    // ---- 2. find ------------------------------------------------------------------------

    fn load_state(&mut self) -> Result<(), Stop> {
        self.state = State::load(&self.state_path).map_err(|e| Stop::usage(e.to_string()))?;
        if let Some(env) = self.state.environments.get(&self.req.env) {
            if env.waba_id != self.req.waba_id {
                return Err(Stop::usage(format!(
                    "environment {:?} in {} publishes to WABA {}, not {}: pass --env NAME for another WABA (or delete the {:?} entry to move it)",
                    self.req.env,
                    self.state_path.display(),
                    env.waba_id,
                    self.req.waba_id,
                    self.req.env
                )));
            }
            if !env.flow_id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Stop::usage(format!(
                    "{}: flow_id {:?} of environment {:?} is not a Flow id (digits); fix it, or delete the entry to look the Flow up by name",
                    self.state_path.display(),
                    env.flow_id,
                    self.req.env
                )));
            }
            self.env = env.clone();
        } else {
            self.env.waba_id = self.req.waba_id.clone();
        }
        Ok(())
    }

    /// The name a new or adopted Flow has: `--name`, else brand and use case (plus `[env]` when
    /// not the default environment, so two environments in one WABA get two Flows).
    fn flow_name(&self) -> Result<String, Stop> {
        if let Some(n) = &self.req.name {
            return Ok(n.clone());
        }
        let Some(p) = &self.project else {
            return Err(Stop::usage(format!(
                "pass --name: there is no .flowgen/answers.yaml beside {} to take the use case and brand from",
                self.flow_path.display()
            )));
        };
        let mut name = match (&p.brand, &p.use_case) {
            (Some(b), Some(u)) => format!("{b} {u}"),
            (None, Some(u)) => u.clone(),
            (Some(b), None) => b.clone(),
            (None, None) => {
                return Err(Stop::usage(
                    "pass --name: .flowgen/answers.yaml names no use case or brand",
                ))
            }
        };
        if self.req.env != "default" {
            name += &format!(" [{}]", self.req.env);
        }
        let name: String = name.chars().take(MAX_NAME_CHARS).collect();
        Ok(name)
    }

    fn categories(&self) -> Vec<String> {
        if self.req.categories.is_empty() {
            default_categories(self.project.as_ref().and_then(|p| p.use_case.as_deref()))
        } else {
            self.req.categories.clone()
        }
    }

    fn find(&mut self) -> Result<(), Stop> {
        if !self.env.flow_id.is_empty() {
            let id = self.env.flow_id.clone();
            let call = Call::get(format!("/{id}")).query("fields", "id,name,status,endpoint_uri");
            match self.try_call(call, "the Flow recorded for this environment") {
                Ok(Some(flow)) => {
                    self.seen(&flow);
                    if let Some(name) = flow.get("name").and_then(Value::as_str) {
                        self.env.name = name.to_owned();
                    }
                    if let Some(asked) = self.req.name.as_ref().filter(|n| **n != self.env.name) {
                        self.note(format!(
                            "the recorded Flow is named {:?}; --name {asked:?} names a new Flow only (rename it in WhatsApp Manager, or delete this environment's entry)",
                            self.env.name
                        ));
                    }
                    return Ok(());
                }
                Ok(None) => return Ok(()),
                Err(GraphError::Api(e)) if e.code == 100 => {
                    self.note(format!(
                        "the recorded Flow {id} is not on Meta any more (deleted, or another WABA): looking it up by name"
                    ));
                    self.env.flow_id.clear();
                    self.env.last_uploaded_sha256 = None;
                }
                Err(e) => return Err(Stop::failed(errors::explain(Step::Read, &e))),
            }
        }
        let name = self.flow_name()?;
        if self.adopt(&name)? {
            return Ok(());
        }
        self.create(&name, None)
    }

    /// Records what Meta says about the Flow (status, endpoint).
    fn seen(&mut self, flow: &Value) {
        if let Some(s) = flow.get("status").and_then(Value::as_str) {
            self.remote_status = Some(s.to_owned());
            self.env.status = Some(s.to_owned());
        }
        self.remote_endpoint = flow
            .get("endpoint_uri")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        if self.remote_endpoint.is_some() {
            self.env.endpoint_uri = self.remote_endpoint.clone();
        }
    }

    /// Looks for a Flow named `name` on every page of the WABA's list.
    fn adopt(&mut self, name: &str) -> Result<bool, Stop> {
        let waba = self.req.waba_id.clone();
        let mut after: Option<String> = None;
        for page in 1..=MAX_LIST_PAGES {
            let mut call = Call::get(format!("/{waba}/flows"))
                .query("fields", "id,name,status,endpoint_uri")
                .query("limit", "100");
            if let Some(a) = &after {
                call = call.query("after", a.clone());
            }
            let why = format!("look for a Flow named {name:?} to adopt (page {page})");
            let Some(answer) = self.call(Step::List, call, &why)? else {
                return Ok(false);
            };
            let flows = answer
                .get("data")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if let Some(flow) = flows
                .iter()
                .find(|f| f.get("name").and_then(Value::as_str) == Some(name))
            {
                let id = flow
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                self.env.flow_id = id.clone();
                self.env.name = name.to_owned();
                self.env.last_uploaded_sha256 = None;
                self.seen(flow);
                self.note(format!(
                    "adopted the existing Flow {name:?} ({id}, {}) found on page {page}",
                    self.remote_status.as_deref().unwrap_or("status unknown")
                ));
                return Ok(true);
            }
            let next = answer.pointer("/paging/next").and_then(Value::as_str);
            let cursor = answer
                .pointer("/paging/cursors/after")
                .and_then(Value::as_str);
            match (next, cursor) {
                (Some(_), Some(c)) if !flows.is_empty() => after = Some(c.to_owned()),
                _ => return Ok(false),
            }
        }
        self.note(format!(
            "stopped listing after {MAX_LIST_PAGES} pages without finding {name:?}"
        ));
        Ok(false)
    }

    /// Creates the Flow (or, with `clone_of`, a clone of that Flow).
    fn create(&mut self, name: &str, clone_of: Option<&str>) -> Result<(), Stop> {
        let categories = self.categories();
        let mut form = vec![
            ("name".to_owned(), name.to_owned()),
            (
                "categories".to_owned(),
                serde_json::to_string(&categories).unwrap_or_default(),
            ),
        ];
        let endpoint = self
            .req
            .endpoint_uri
            .clone()
            .or_else(|| clone_of.and(self.env.endpoint_uri.clone()));
        if let Some(uri) = &endpoint {
            form.push(("endpoint_uri".to_owned(), uri.clone()));
        }
        let (step, why) = match clone_of {
            Some(old) => {
                form.push(("clone_flow_id".to_owned(), old.to_owned()));
                (
                    Step::Clone,
                    format!("Meta cannot update Flow {old}: clone it as {name:?}"),
                )
            }
            None => (
                Step::Create,
                format!(
                    "no Flow named {name:?} in the WABA: create it ({})",
                    categories.join(", ")
                ),
            ),
        };
        let call = Call::post(format!("/{}/flows", self.req.waba_id), Body::Form(form));
        let answer = match self.try_call(call, &why) {
            Ok(a) => a,
            // The name is taken by a Flow the list did not show (created meanwhile): adopt it.
            Err(GraphError::Api(e)) if e.code == 100 && clone_of.is_none() && name_taken(&e) => {
                self.note(format!(
                    "Meta says the name {name:?} is taken: listing again to adopt that Flow"
                ));
                if self.adopt(name)? {
                    return Ok(());
                }
                return Err(Stop::failed(errors::explain(step, &GraphError::Api(e))));
            }
            Err(e) => return Err(Stop::failed(self.scrub(&errors::explain(step, &e)))),
        };
        let id = match answer {
            Some(a) => a
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| Stop::failed("Meta created the Flow but sent back no id"))?,
            None => PLACEHOLDER_ID.to_owned(),
        };
        if let Some(old) = clone_of {
            self.env.predecessors.push(old.to_owned());
        }
        self.env.flow_id = id;
        self.env.name = name.to_owned();
        self.env.status = Some("DRAFT".into());
        self.env.last_uploaded_sha256 = None;
        self.env.endpoint_uri = endpoint.clone();
        self.remote_status = Some("DRAFT".into());
        self.remote_endpoint = endpoint;
        Ok(())
    }

    // ---- 3. upload ----------------------------------------------------------------------

    fn upload(&mut self) -> Result<(), Stop> {
        self.upload_to_current(true)
    }

    fn upload_to_current(&mut self, may_clone: bool) -> Result<(), Stop> {
        let hash = self.report.sha256.clone();
        let previous = self.env.last_uploaded_sha256.clone();
        if previous.as_deref() == Some(hash.as_str()) {
            self.say(&format!(
                "  flow.json unchanged since the last upload (sha256 {}…): not uploaded",
                &hash[..12]
            ));
            return Ok(());
        }
        let was_published = self.remote_status.as_deref() == Some("PUBLISHED");
        if was_published {
            self.note(
                "editing a published Flow puts it back to DRAFT: users keep getting the published version until it is published again (--publish)".into(),
            );
        }
        let why = match &previous {
            Some(old) => format!(
                "flow.json changed (sha256 {}… → {}…)",
                old.chars().take(12).collect::<String>(),
                &hash[..12]
            ),
            None => format!("first upload of this flow.json (sha256 {}…)", &hash[..12]),
        };
        let body = multipart::Builder::new()
            .text("name", "flow.json")
            .text("asset_type", "FLOW_JSON")
            .file(
                "file",
                "flow.json",
                "application/json",
                self.text.as_bytes(),
            )
            .build();
        let path = format!("/{}/assets", self.env.flow_id);
        let mut tries = 0;
        let answer = loop {
            tries += 1;
            let call = Call::post(path.clone(), Body::Multipart(body.clone()));
            match self.try_call(call, &why) {
                Ok(a) => break a,
                Err(GraphError::Api(e)) if e.code == 139001 => {
                    let draft = self.remote_status.as_deref() == Some("DRAFT");
                    if draft && tries == 1 {
                        self.note("Meta could not process the upload (139001): trying once more, as Meta advises".into());
                        continue;
                    }
                    if !may_clone || draft {
                        return Err(Stop::failed(errors::explain(
                            Step::Upload,
                            &GraphError::Api(e),
                        )));
                    }
                    return self.clone_and_upload();
                }
                Err(e) => return Err(Stop::failed(errors::explain(Step::Upload, &e))),
            }
        };
        let Some(answer) = answer else {
            return Ok(());
        };
        let findings = validation::findings(&answer, &self.text, &self.report.lint);
        if !findings.is_empty() {
            self.print_findings(&findings);
            let n = findings.len();
            self.report.validation_errors = findings;
            self.env.status = Some("DRAFT".into());
            return Err(Stop::failed(format!(
                "Meta found {n} validation error(s) in flow.json (above): nothing was published; fix them and run again"
            )));
        }
        self.env.last_uploaded_sha256 = Some(hash);
        self.report.uploaded = true;
        if was_published {
            self.remote_status = Some("DRAFT".into());
            self.env.status = Some("DRAFT".into());
        }
        Ok(())
    }

    fn clone_and_upload(&mut self) -> Result<(), Stop> {
        let old = self.env.flow_id.clone();
        let generation = self.env.predecessors.len() + 2;
        let base = strip_generation(&self.env.name);
        let name: String = format!("{base} (v{generation})")
            .chars()
            .take(MAX_NAME_CHARS)
            .collect();
        self.note(format!(
            "Meta cannot update Flow {old} (139001: published and not editable): making a clone; {old} keeps serving until the clone is published"
        ));
        self.create(&name, Some(&old))?;
        self.upload_to_current(false)?;
        self.note(format!(
            "recorded {} with {old} as its predecessor; deprecate {old} (POST /{old}/deprecate) once no sent message needs it",
            self.env.flow_id
        ));
        Ok(())
    }

    /// Meta's findings as code frames, the same layout as flowgen's own (`error[META <code>]`).
    fn print_findings(&self, findings: &[MetaFinding]) {
        let shown = self.flow_path.display().to_string();
        for f in findings {
            let (end_column, span) = lint::span_at(&self.text, f.line, f.column);
            let frame = Diagnostic {
                rule: "META",
                severity: Severity::Error,
                pointer: f.pointers.first().cloned().unwrap_or_default(),
                line: f.line,
                column: f.column,
                message: f.message.clone(),
                help: String::new(),
                end_column,
                span,
                related: Vec::new(),
            };
            // A frame only for a line that exists (Meta's positions are for the uploaded text).
            let in_text = f.line > 0 && f.line <= self.text.lines().count();
            let text = if in_text { self.text.as_str() } else { "" };
            let mut s = lint::report::human(&shown, text, &frame).replacen(
                "error[META]",
                &format!("error[META {}]", f.code),
                1,
            );
            let pad = " ".repeat(f.line.to_string().len());
            for p in f.pointers.iter().skip(1) {
                s += &format!("{pad} = at: {p}\n");
            }
            if !f.error_type.is_empty() {
                s += &format!("{pad} = Meta's error type: {}\n", f.error_type);
            }
            if let Some(rule) = &f.flowgen {
                s += &format!("{pad} = flowgen's rule here: {rule}\n");
            }
            self.say(s.trim_end());
        }
    }

    // ---- 4. endpoint and key ------------------------------------------------------------

    fn set_endpoint_uri(&mut self) -> Result<(), Stop> {
        let Some(uri) = self.req.endpoint_uri.clone() else {
            return Ok(());
        };
        if self.remote_endpoint.as_deref() == Some(uri.as_str()) {
            return Ok(());
        }
        let why = match &self.remote_endpoint {
            Some(old) => format!("endpoint_uri is {old} on Meta; --endpoint-uri says {uri}"),
            None => format!("endpoint_uri is not set on Meta: set it to {uri}"),
        };
        let call = Call::post(
            format!("/{}", self.env.flow_id),
            Body::Form(vec![("endpoint_uri".into(), uri.clone())]),
        );
        self.call(Step::EndpointUri, call, &why)?;
        self.remote_endpoint = Some(uri.clone());
        self.env.endpoint_uri = Some(uri);
        self.metadata_changed = true;
        if self.remote_status.as_deref() == Some("PUBLISHED") {
            self.remote_status = Some("DRAFT".into());
            self.env.status = Some("DRAFT".into());
            self.note("changing a published Flow's metadata puts it back to DRAFT until it is published again".into());
        }
        Ok(())
    }

    fn register_key(&mut self) -> Result<(), Stop> {
        let Some(phone) = self.req.phone_number_id.clone() else {
            return Ok(());
        };
        let path = format!("/{phone}/whatsapp_business_encryption");
        let local = match &self.req.public_key {
            Some(file) => Some(key::read_public_key(file).map_err(Stop::usage)?),
            None => None,
        };
        let current = self.call(
            Step::Key,
            Call::get(path.clone()),
            "the business public key registered for the phone number",
        )?;
        let (remote_key, remote_status) = current.as_ref().map(key::parse_key).unwrap_or_default();
        let Some(local) = local else {
            if current.is_some() {
                self.key_status = Some(remote_status.unwrap_or_else(|| "NONE".into()));
            }
            return Ok(());
        };
        let same = remote_key
            .as_deref()
            .is_some_and(|k| key::normalise_pem(k) == key::normalise_pem(&local));
        if same && remote_status.as_deref() == Some("VALID") {
            self.say("  the business public key is already registered and VALID");
            self.key_status = Some("VALID".into());
            return Ok(());
        }
        let why = if same {
            format!(
                "the key is registered but its signature is {}: register it again",
                remote_status.as_deref().unwrap_or("unknown")
            )
        } else {
            "register --public-key for the phone number (Meta needs it per number)".to_owned()
        };
        let call = Call::post(
            path.clone(),
            Body::Form(vec![("business_public_key".into(), local.clone())]),
        );
        if self.call(Step::Key, call, &why)?.is_none() {
            self.say(&format!(
                "  would GET {path} until its signature status is VALID"
            ));
            return Ok(());
        }
        let attempts = self.settings.retry.attempts + 1;
        for n in 1..=attempts {
            let answer = self.call(
                Step::Key,
                Call::get(path.clone()),
                &format!("read the key back until VALID (read {n} of {attempts})"),
            )?;
            let (held, status) = answer.as_ref().map(key::parse_key).unwrap_or_default();
            if held
                .as_deref()
                .is_some_and(|k| key::normalise_pem(k) != key::normalise_pem(&local))
            {
                return Err(Stop::failed(format!(
                    "Meta holds a different business public key for phone number {phone} than {}: another tool registered its own; run again to register yours, and make sure the endpoint uses the matching private key",
                    self.req.public_key.as_deref().unwrap_or(Path::new("")).display()
                )));
            }
            match status.as_deref() {
                Some("VALID") => {
                    self.key_status = Some("VALID".into());
                    self.say("  the business public key is registered and VALID");
                    return Ok(());
                }
                Some("MISMATCH") => {
                    self.key_status = Some("MISMATCH".into());
                    return Err(Stop::failed(format!(
                        "the business public key of phone number {phone} is MISMATCH: Meta's signature does not match the key. Register public.pem again (--public-key); if it stays MISMATCH, make a new pair with `flowgen keygen`, deploy the new private.pem to the endpoint and register the new public.pem"
                    )));
                }
                _ if n < attempts => std::thread::sleep(self.settings.retry.delay(n)),
                _ => {}
            }
        }
        Err(Stop::failed(format!(
            "the business public key of phone number {phone} was registered but its signature status is still not VALID after {attempts} reads; run again in a minute"
        )))
    }

    // ---- 5. readiness -------------------------------------------------------------------

    fn readiness(&mut self) -> Result<(), Stop> {
        let id = self.env.flow_id.clone();
        let mut fields = String::from("id,name,status,validation_errors,endpoint_uri,application");
        match &self.req.phone_number_id {
            Some(p) => fields += &format!(",health_status.phone_number({p})"),
            None => fields += ",health_status",
        }
        if !self.req.publish {
            fields += ",preview.invalidate(false)";
        }
        let call = Call::get(format!("/{id}")).query("fields", fields);
        let Some(flow) = self.call(
            Step::Read,
            call,
            "readiness: status, endpoint, app and health before publishing",
        )?
        else {
            return Ok(());
        };
        self.seen(&flow);
        if let Some(url) = flow.pointer("/preview/preview_url").and_then(Value::as_str) {
            self.report.preview_url = Some(url.to_owned());
            self.report.preview_expires_at = flow.pointer("/preview/expires_at").map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| v.to_string())
            });
        }
        let findings = validation::findings(&flow, &self.text, &self.report.lint);
        if !findings.is_empty() {
            self.print_findings(&findings);
            let n = findings.len();
            self.report.validation_errors = findings;
            return Err(Stop::failed(format!(
                "Meta reports {n} validation error(s) on the Flow (above): fix flow.json and run again"
            )));
        }
        for info in readiness::limited_info(&flow) {
            self.note(format!("Meta's health check: {info}"));
        }
        let needs = Needs {
            endpoint: self.facts.endpoint,
            flow_id: &self.env.flow_id,
            phone_number_id: self.req.phone_number_id.as_deref(),
            key_status: self.key_status.as_deref(),
        };
        let missing: Vec<Missing> = readiness::missing_items(&flow, &needs);
        if !missing.is_empty() {
            let mut s = format!(
                "  {} before Meta will publish this Flow ({} item(s)):",
                if self.req.publish {
                    "not ready"
                } else {
                    "still needed"
                },
                missing.len()
            );
            for m in &missing {
                s += &format!("\n    - {}\n      fix: {}", m.item, m.fix);
            }
            self.say(&s);
        }
        if self.facts.endpoint && self.req.phone_number_id.is_none() {
            self.note("the business public key was not checked: pass --phone-number-id ID (and --public-key public.pem to register it); Meta needs a signed key on the sending number".into());
        }
        if missing.is_empty() {
            self.say(if self.facts.endpoint && self.req.phone_number_id.is_some() {
                "  ready to publish: endpoint URI, Meta app, key and Meta's health check all pass"
            } else if self.facts.endpoint {
                "  ready to publish: endpoint URI, Meta app and Meta's health check pass"
            } else {
                "  ready to publish: Meta's health check passes"
            });
        }
        let n = missing.len();
        self.report.missing = missing;
        if n > 0 && self.req.publish {
            return Err(Stop::failed(format!(
                "not publishing: {n} item(s) missing (listed above); fix them and run again"
            )));
        }
        Ok(())
    }

    // ---- 6. publish or preview ------------------------------------------------------------

    fn publish(&mut self) -> Result<(), Stop> {
        if self.remote_status.as_deref() == Some("PUBLISHED")
            && !self.report.uploaded
            && !self.metadata_changed
        {
            self.say("  the Flow is PUBLISHED and unchanged: nothing to publish");
            self.report.published = true;
            return Ok(());
        }
        let call = Call::post(format!("/{}/publish", self.env.flow_id), Body::None);
        if self
            .call(Step::Publish, call, "--publish: publish the draft")?
            .is_some()
        {
            self.remote_status = Some("PUBLISHED".into());
            self.env.status = Some("PUBLISHED".into());
            self.report.published = true;
        }
        Ok(())
    }

    fn draft_preview(&mut self) {
        if self.env.flow_id == PLACEHOLDER_ID {
            return;
        }
        let mut s = "  the Flow stays a DRAFT (pass --publish to publish it)".to_owned();
        if let Some(url) = &self.report.preview_url {
            s += &format!(
                "\n  preview (the same link until it expires{}): {url}",
                self.report
                    .preview_expires_at
                    .as_deref()
                    .map(|e| format!(" at {e}"))
                    .unwrap_or_default()
            );
        }
        self.say(&s);
    }

    // ---- 7. test message ----------------------------------------------------------------

    fn send_test(&mut self) -> Result<(), Stop> {
        let (Some(to), Some(phone)) =
            (self.req.send_test.clone(), self.req.phone_number_id.clone())
        else {
            return Ok(());
        };
        let published = self.env.status.as_deref() == Some("PUBLISHED");
        let mode = if published { "published" } else { "draft" };
        let flow_token = match &self.settings.flow_token_secret {
            Some(secret) => {
                let exp = now() + 72 * 3600;
                crate::endpoint::protocol::flow_token(secret.as_bytes(), exp)
                    .map_err(|e| Stop::failed(format!("could not make a flow token: {e}")))?
            }
            None => "unused".to_owned(),
        };
        let body = message::flow_message(&message::FlowMessage {
            to: &to,
            flow_id: &self.env.flow_id,
            flow_name: &self.env.name,
            flow_token: &flow_token,
            mode,
            endpoint: self.facts.endpoint,
            entry_screen: self.facts.first_screen.as_deref(),
        });
        let why = format!(
            "--send-test: the Flow as an interactive message, mode {mode}{}",
            if self.settings.flow_token_secret.is_some() {
                ", with a flow token the stubs accept (FLOW_TOKEN_SECRET)"
            } else {
                " (flow_token \"unused\": set FLOW_TOKEN_SECRET for one the stubs accept)"
            }
        );
        let call = Call::post(format!("/{phone}/messages"), Body::Json(body));
        if let Some(answer) = self.call(Step::SendTest, call, &why)? {
            let id = answer
                .pointer("/messages/0/id")
                .and_then(Value::as_str)
                .unwrap_or("?");
            self.note(format!("test message sent (message id {id})"));
        }
        Ok(())
    }
}

/// Whether a code-100 answer says the Flow name is not unique in the WABA.
fn name_taken(e: &graph::ApiError) -> bool {
    let text = format!("{} {}", e.message, e.user_msg.as_deref().unwrap_or("")).to_lowercase();
    text.contains("not unique") || text.contains("already exists")
}

/// `Acme loan-offer (v3)` → `Acme loan-offer`.
fn strip_generation(name: &str) -> &str {
    if let Some(open) = name.rfind(" (v") {
        let tail = &name[open + 3..];
        if tail.ends_with(')') && tail[..tail.len() - 1].bytes().all(|b| b.is_ascii_digit()) {
            return &name[..open];
        }
    }
    name
}

fn read_answers(flow_path: &Path) -> Option<ProjectAnswers> {
    if flow_path.file_name()? != "flow.json" {
        return None;
    }
    let dir = flow_path.parent().unwrap_or(Path::new(""));
    let text = std::fs::read_to_string(dir.join(crate::project::ANSWERS)).ok()?;
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
    let s = |v: Option<&serde_yaml::Value>| v.and_then(|v| v.as_str()).map(str::to_owned);
    Some(ProjectAnswers {
        use_case: s(yaml.get("use_case")),
        brand: s(yaml.get("answers").and_then(|a| a.get("brand"))),
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    openssl::sha::sha256(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_categories() {
        assert_eq!(strip_generation("Acme loan-offer (v3)"), "Acme loan-offer");
        assert_eq!(strip_generation("Acme (vip)"), "Acme (vip)");
        assert_eq!(default_categories(Some("loan-offer")), ["LEAD_GENERATION"]);
        assert_eq!(default_categories(Some("personalised-offer")), ["OTHER"]);
        assert_eq!(default_categories(None), ["OTHER"]);
    }

    #[test]
    fn reads_metas_words() {
        let taken = graph::ApiError {
            code: 100,
            user_msg: Some("Flow name is not unique".into()),
            ..graph::ApiError::default()
        };
        assert!(name_taken(&taken));
        assert!(!name_taken(&graph::ApiError {
            code: 100,
            message: "(#100) Invalid parameter".into(),
            ..graph::ApiError::default()
        }));
    }

    #[test]
    fn sha256_is_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
