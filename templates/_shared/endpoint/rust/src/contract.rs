//! The generated `config.json` (parameters and texts) and `contract.json` (screens, their data
//! models and allowed next screens), plus the types a use-case handler works with.

use serde_json::{Map, Value};

use crate::format;
use crate::store::Session;

/// `config.json`: use case, locale, currency, every parameter value and the message catalog.
#[derive(Debug, Clone)]
pub struct Config {
    pub use_case: String,
    pub locale: String,
    pub currency: String,
    pub params: Map<String, Value>,
    pub text: Map<String, Value>,
}

impl Config {
    pub fn from_value(v: &Value) -> Result<Self, String> {
        let obj = v.as_object().ok_or("config.json is not a JSON object")?;
        let s = |k: &str| obj.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        let params = obj.get("params").and_then(Value::as_object).cloned().unwrap_or_default();
        let currency = obj
            .get("currency")
            .and_then(Value::as_str)
            .or_else(|| params.get("currency").and_then(Value::as_str))
            .unwrap_or("USD")
            .to_owned();
        Ok(Config {
            use_case: s("use_case"),
            locale: if s("locale").is_empty() { "en_US".into() } else { s("locale") },
            currency,
            text: obj.get("text").and_then(Value::as_object).cloned().unwrap_or_default(),
            params,
        })
    }

    /// A catalog text (with `{brand}` filled); the key itself when it is missing.
    pub fn text(&self, key: &str) -> String {
        let raw = self.text.get(key).and_then(Value::as_str).unwrap_or(key);
        format::fill(raw, &[("brand", self.brand())])
    }

    pub fn has_text(&self, key: &str) -> bool {
        self.text.get(key).and_then(Value::as_str).is_some()
    }

    pub fn brand(&self) -> &str {
        self.params.get("brand").and_then(Value::as_str).unwrap_or("")
    }

    pub fn param(&self, key: &str) -> &Value {
        self.params.get(key).unwrap_or(&Value::Null)
    }

    pub fn param_list(&self, key: &str) -> &[Value] {
        self.params.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The record of parameter list `list` whose `id` is `id`.
    pub fn find(&self, list: &str, id: &str) -> Option<&Value> {
        self.param_list(list).iter().find(|x| str_field(x, "id") == id)
    }

    pub fn param_f64(&self, key: &str) -> Option<f64> {
        self.params.get(key).and_then(format::as_f64)
    }

    pub fn param_str(&self, key: &str) -> &str {
        self.params.get(key).and_then(Value::as_str).unwrap_or("")
    }

    pub fn money(&self, n: f64) -> String {
        format::money(format::round2(n), &self.currency, &self.locale)
    }
}

/// One screen of `contract.json`.
#[derive(Debug, Clone)]
pub struct Screen {
    pub id: String,
    pub terminal: bool,
    pub data: Map<String, Value>,
    pub next: Vec<String>,
    pub exchanges: bool,
    /// The `intent` of each data_exchange payload the screen sends (None: a payload without one).
    pub sends: Vec<Option<String>>,
}

/// `contract.json`.
#[derive(Debug, Clone)]
pub struct Contract {
    pub entry_screen: String,
    pub screens: Vec<Screen>,
}

impl Contract {
    pub fn from_value(v: &Value) -> Result<Self, String> {
        let obj = v.as_object().ok_or("contract.json is not a JSON object")?;
        let mut screens = Vec::new();
        for s in obj.get("screens").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]) {
            screens.push(Screen {
                id: s.get("id").and_then(Value::as_str).unwrap_or("").to_owned(),
                terminal: s.get("terminal").and_then(Value::as_bool).unwrap_or(false),
                data: s.get("data").and_then(Value::as_object).cloned().unwrap_or_default(),
                next: s
                    .get("next")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|n| n.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default(),
                exchanges: s.get("exchanges").and_then(Value::as_bool).unwrap_or(false),
                sends: s
                    .get("sends")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().map(|p| p.get("intent").and_then(Value::as_str).map(str::to_owned)).collect())
                    .unwrap_or_default(),
            });
        }
        let entry = obj.get("entry_screen").and_then(Value::as_str).map(str::to_owned);
        let entry_screen = entry
            .or_else(|| screens.first().map(|s| s.id.clone()))
            .unwrap_or_default();
        Ok(Contract { entry_screen, screens })
    }

    pub fn screen(&self, id: &str) -> Option<&Screen> {
        self.screens.iter().find(|s| s.id == id)
    }

    /// The id as a `&'static`-free known screen id, for logging without echoing input.
    pub fn known(&self, id: &str) -> Option<&str> {
        self.screen(id).map(|s| s.id.as_str())
    }

    /// False when `screen` is a screen of the Flow whose data_exchange payloads (contract.json
    /// `sends`) never carry `intent`: such a request did not come from that screen.
    pub fn sends(&self, screen: &str, intent: Option<&Value>) -> bool {
        let Some(s) = self.screen(screen) else { return true };
        if s.sends.is_empty() {
            return true;
        }
        let intent = intent.and_then(Value::as_str);
        s.sends.iter().any(|i| i.as_deref() == intent)
    }

    /// Placeholder data of the declared types (used only when nothing better is known).
    pub fn empty_data(&self, id: &str) -> Map<String, Value> {
        let mut out = Map::new();
        if let Some(s) = self.screen(id) {
            for (k, schema) in &s.data {
                out.insert(k.clone(), empty_of(schema));
            }
        }
        out
    }
}

fn empty_of(schema: &Value) -> Value {
    match schema.get("type").and_then(Value::as_str) {
        Some("number") | Some("integer") => Value::from(0),
        Some("boolean") => Value::Bool(false),
        Some("array") => Value::Array(Vec::new()),
        Some("object") => Value::Object(Map::new()),
        _ => Value::String(String::new()),
    }
}

/// A decrypted INIT / BACK / data_exchange request.
#[derive(Debug, Clone)]
pub struct FlowRequest {
    pub action: String,
    pub screen: String,
    pub data: Map<String, Value>,
    pub flow_token: String,
}

impl FlowRequest {
    /// A form value as a string; missing, null and "" are absent.
    pub fn str(&self, key: &str) -> Option<&str> {
        match self.data.get(key) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.as_str()),
            _ => None,
        }
    }

    /// A form value as text, numbers included (e.g. `applicant_index`).
    pub fn text(&self, key: &str) -> Option<String> {
        match self.data.get(key) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        }
    }

    /// A checkbox group value: array of string ids (a single string counts as one id).
    pub fn list(&self, key: &str) -> Vec<String> {
        match self.data.get(key) {
            Some(Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
            Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
            _ => Vec::new(),
        }
    }

    pub fn intent(&self) -> Option<&str> {
        self.str("intent")
    }
}

/// A handler's answer: the next screen and its data.
#[derive(Debug, Clone)]
pub struct Reply {
    pub screen: String,
    pub data: Map<String, Value>,
}

impl Reply {
    pub fn new(screen: impl Into<String>, data: Map<String, Value>) -> Self {
        Reply { screen: screen.into(), data }
    }

    pub fn empty(screen: impl Into<String>) -> Self {
        Reply { screen: screen.into(), data: Map::new() }
    }

    pub fn with_error(mut self, message: String) -> Self {
        self.data.insert("error_message".into(), Value::String(message));
        self
    }

    pub fn to_json(&self) -> Value {
        let mut o = Map::new();
        o.insert("screen".into(), Value::String(self.screen.clone()));
        o.insert("data".into(), Value::Object(self.data.clone()));
        Value::Object(o)
    }
}

/// A request the handler cannot serve (unknown id, missing field...): the server answers the
/// current screen with `text.request_not_understood`.
#[derive(Debug, Clone)]
pub struct NotUnderstood;

/// What a handler sees.
pub struct Ctx<'a> {
    pub config: &'a Config,
    pub contract: &'a Contract,
    /// This request's per-token state (empty unless `handler::KEEPS_STATE`).
    pub session: &'a Session,
}

/// Depth of nested arrays/objects (`{}` is 1, a scalar 0), counted without recursion.
/// A string field of a record or payload ("" when absent or not a string).
pub fn str_field<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// A number field of a record or payload (0 when absent; numeric strings count).
pub fn num_field(v: &Value, k: &str) -> f64 {
    v.get(k).and_then(format::as_f64).unwrap_or(0.0)
}

pub fn depth(v: &Value) -> usize {
    let mut max = 0;
    let mut stack: Vec<(&Value, usize)> = vec![(v, 1)];
    while let Some((v, d)) = stack.pop() {
        match v {
            Value::Array(a) => {
                max = max.max(d);
                stack.extend(a.iter().map(|c| (c, d + 1)));
            }
            Value::Object(o) => {
                max = max.max(d);
                stack.extend(o.values().map(|c| (c, d + 1)));
            }
            _ => {}
        }
    }
    max
}

/// Parses JSON nested at most `max_depth` levels.
pub fn parse_limited(bytes: &[u8], max_depth: usize) -> Option<Value> {
    // cheap pre-scan so deeply nested input never reaches the recursive parser
    let mut level = 0usize;
    let mut in_str = false;
    let mut escape = false;
    for &b in bytes {
        if in_str {
            if escape {
                escape = false;
            } else if b == b'\\' {
                escape = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => {
                level += 1;
                if level > max_depth {
                    return None;
                }
            }
            b'}' | b']' => level = level.saturating_sub(1),
            _ => {}
        }
    }
    let v: Value = serde_json::from_slice(bytes).ok()?;
    (depth(&v) <= max_depth).then_some(v)
}
