//! What `publish` is asked to do: the command-line [`Request`] (checked before anything is read
//! or sent) and the [`Settings`] the environment provides (token, Graph host and version, retries).

use std::path::PathBuf;
use std::time::Duration;

use super::graph::{self, Retry};
use super::{Stop, CATEGORIES, MAX_NAME_CHARS};

/// What the user asked for, from the command line.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// A generated project directory or a Flow JSON file.
    pub path: PathBuf,
    pub waba_id: String,
    pub env: String,
    pub name: Option<String>,
    pub categories: Vec<String>,
    pub endpoint_uri: Option<String>,
    pub phone_number_id: Option<String>,
    pub public_key: Option<PathBuf>,
    pub publish: bool,
    pub send_test: Option<String>,
    pub dry_run: bool,
    /// Print progress as it happens (human output); JSON output prints one object at the end.
    pub human: bool,
}

/// What the environment provides.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `WHATSAPP_TOKEN`; never printed.
    pub token: Option<String>,
    pub url: String,
    pub version: String,
    pub retry: Retry,
    /// `FLOW_TOKEN_SECRET`: test messages carry a flow token the stubs accept.
    pub flow_token_secret: Option<String>,
}

impl Settings {
    /// Reads `WHATSAPP_TOKEN`, `GRAPH_API_URL`, `GRAPH_API_VERSION`, `FLOW_TOKEN_SECRET` and
    /// `FLOWGEN_RETRY_BASE_MS` (the first back-off wait, default 2000 ms; doubles per retry).
    pub fn from_env() -> Settings {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let base_ms = var("FLOWGEN_RETRY_BASE_MS")
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(2000);
        Settings {
            token: var("WHATSAPP_TOKEN").map(|t| t.trim().to_owned()),
            url: var("GRAPH_API_URL").unwrap_or_else(|| graph::DEFAULT_URL.to_owned()),
            version: var("GRAPH_API_VERSION").unwrap_or_else(|| graph::DEFAULT_VERSION.to_owned()),
            retry: Retry {
                attempts: 4,
                base: Duration::from_millis(base_ms),
            },
            flow_token_secret: var("FLOW_TOKEN_SECRET"),
        }
    }
}

impl Request {
    /// Refuses arguments that cannot work, before anything is read or sent.
    pub fn check(&self, has_token: bool) -> Result<(), Stop> {
        let r = self;
        if r.waba_id.trim().is_empty() || !r.waba_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Stop::usage(format!(
                "--waba-id {:?} is not a WhatsApp Business Account id (digits, from WhatsApp Manager → Account tools, or Business Settings)",
                r.waba_id
            )));
        }
        if r.env.is_empty()
            || !r
                .env
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        {
            return Err(Stop::usage(format!(
                "--env {:?}: use letters, digits, '-', '_' or '.' (e.g. staging, prod)",
                r.env
            )));
        }
        for c in &r.categories {
            if !CATEGORIES.contains(&c.as_str()) {
                return Err(Stop::usage(format!(
                    "--category {c:?} is not one of Meta's Flow categories: {}",
                    CATEGORIES.join(", ")
                )));
            }
        }
        if let Some(uri) = &r.endpoint_uri {
            if !uri.starts_with("https://") || uri.len() <= "https://".len() {
                return Err(Stop::usage(format!(
                    "--endpoint-uri {uri:?}: Meta calls only public https:// URLs (e.g. https://flows.example.com/)"
                )));
            }
        }
        if let Some(phone) = &r.phone_number_id {
            if phone.is_empty() || !phone.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Stop::usage(format!(
                    "--phone-number-id {phone:?} is not a phone number id (digits, from WhatsApp Manager → Phone numbers; not the phone number itself)"
                )));
            }
        }
        if r.public_key.is_some() && r.phone_number_id.is_none() {
            return Err(Stop::usage(
                "--public-key needs --phone-number-id: the key is registered per phone number",
            ));
        }
        if r.send_test.is_some() && r.phone_number_id.is_none() {
            return Err(Stop::usage(
                "--send-test needs --phone-number-id: the number the test message is sent from",
            ));
        }
        if let Some(to) = &r.send_test {
            let digits = to.trim_start_matches('+');
            if digits.len() < 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(Stop::usage(format!(
                    "--send-test {to:?}: give the test number with its country code, digits only (e.g. 15551234567)"
                )));
            }
        }
        if let Some(name) = &r.name {
            check_name(name)?;
        }
        if !has_token && !r.dry_run {
            return Err(Stop::usage(
                "WHATSAPP_TOKEN is not set: export a system-user access token with the whatsapp_business_management and whatsapp_business_messaging scopes (flowgen takes it from the environment only), or pass --dry-run to see the plan",
            ));
        }
        Ok(())
    }
}

fn check_name(name: &str) -> Result<(), Stop> {
    if name.trim().is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(Stop::usage(format!(
            "--name must be 1 to {MAX_NAME_CHARS} characters (unique in the WABA)"
        )));
    }
    Ok(())
}
