//! Rendering: Tera (autoescape off) with the filters and functions of the templates contract.
//! Every value interpolated into `flow.json.tera` goes through the one escaping path, the `json`
//! filter; the rendered text is parsed back and re-serialised pretty (2-space indent, key order as
//! written). Rendering only turns templates into text: checking the Flow, deriving the contract
//! and writing the stubs are later steps of the pipeline (`generate`).

pub mod limits;

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{json, Map, Value};
use tera::{Context, Tera};

use crate::catalog::UseCase;
use crate::error::{Error, Result};
use crate::flow::Version;
use crate::params::Values;

/// What a render needs besides the template.
#[derive(Debug, Clone)]
pub struct Inputs<'a> {
    pub values: &'a Values,
    pub locale: &'a str,
    pub flow_version: Version,
    pub data_api_version: &'a str,
    /// The endpoint stub's language (`node`, `python`, `rust`) or `none`.
    pub endpoint: &'a str,
}

/// The Flow's template and the project README's.
const FLOW_TEMPLATE: &str = "flow.json.tera";
const README_TEMPLATE: &str = "README.md.tera";

/// A use case's templates compiled once, rendered any number of times.
pub struct Renderer<'u> {
    uc: &'u UseCase,
    tera: Tera,
    has_readme: bool,
}

impl<'u> Renderer<'u> {
    pub fn new(uc: &'u UseCase) -> Result<Renderer<'u>> {
        let mut tera = engine();
        let flow = uc
            .file(FLOW_TEMPLATE)
            .ok_or_else(|| Error::Template(format!("{}: missing", uc.label(FLOW_TEMPLATE))))?;
        add_template(&mut tera, FLOW_TEMPLATE, flow, &uc.label(FLOW_TEMPLATE))?;
        let readme = uc.file(README_TEMPLATE);
        if let Some(text) = readme {
            add_template(&mut tera, README_TEMPLATE, text, &uc.label(README_TEMPLATE))?;
        }
        Ok(Renderer {
            uc,
            tera,
            has_readme: readme.is_some(),
        })
    }

    pub fn use_case(&self) -> &'u UseCase {
        self.uc
    }

    /// The locale's message catalog (see [`messages`]).
    pub fn messages(&self, locale: &str) -> Result<Map<String, Value>> {
        messages(self.uc, locale)
    }

    /// flow.json as text: rendered, parsed back and written pretty. Not yet checked.
    pub fn flow_json(&self, inputs: &Inputs<'_>, messages: &Map<String, Value>) -> Result<String> {
        let context = context(self.uc, inputs, messages);
        let text = self.render_one(FLOW_TEMPLATE, &context)?;
        reformat(&text, &self.uc.label(FLOW_TEMPLATE))
    }

    /// The project README (None when the template has none). `contract` is what the endpoint
    /// must honour, derived from the checked Flow: the README's endpoint table reads it.
    pub fn readme(
        &self,
        inputs: &Inputs<'_>,
        messages: &Map<String, Value>,
        contract: &impl Serialize,
    ) -> Result<Option<String>> {
        if !self.has_readme {
            return Ok(None);
        }
        let mut context = context(self.uc, inputs, messages);
        context.insert("contract", contract);
        self.render_one(README_TEMPLATE, &context).map(Some)
    }

    fn render_one(&self, name: &str, context: &Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| Error::Template(format!("{}: {}", self.uc.label(name), chain(&e))))
    }
}

/// The Tera context of the contract.
pub fn context(uc: &UseCase, inputs: &Inputs<'_>, messages: &Map<String, Value>) -> Context {
    let m = &uc.manifest;
    let mut ctx = Context::new();
    ctx.insert("p", inputs.values);
    ctx.insert("t", messages);
    ctx.insert("locale", inputs.locale);
    ctx.insert("flow_version", &inputs.flow_version.to_string());
    ctx.insert(
        "flow_version_num",
        &(u32::from(inputs.flow_version.major) * 100 + u32::from(inputs.flow_version.minor)),
    );
    ctx.insert("data_api_version", inputs.data_api_version);
    ctx.insert("use_case", &m.id);
    ctx.insert("template_version", &m.template_version);
    ctx.insert("endpoint", &m.endpoint);
    ctx.insert("endpoint_lang", inputs.endpoint);
    ctx
}

/// The message catalog: `locales/<default>.yaml` overlaid with `locales/<locale>.yaml`, per key.
pub fn messages(uc: &UseCase, locale: &str) -> Result<Map<String, Value>> {
    let mut out = serde_json::Map::new();
    let mut layers = vec!["en_US", uc.manifest.default_locale.as_str()];
    layers.push(locale);
    layers.dedup();
    for l in layers {
        let rel = format!("locales/{l}.yaml");
        let Some(text) = uc.file(&rel) else { continue };
        let map: serde_yaml::Mapping = serde_yaml::from_str(text)
            .map_err(|e| Error::Template(format!("{}: {e}", uc.label(&rel))))?;
        for (k, v) in map {
            let (Some(k), Some(v)) = (k.as_str(), v.as_str()) else {
                return Err(Error::Template(format!(
                    "{}: a message catalog maps keys to strings",
                    uc.label(&rel)
                )));
            };
            out.insert(k.to_owned(), Value::String(v.to_owned()));
        }
    }
    Ok(out)
}

/// Parses rendered Flow JSON back and writes it pretty with a 2-space indent and a final newline.
fn reformat(text: &str, label: &str) -> Result<String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let line = text.lines().nth(e.line().saturating_sub(1)).unwrap_or("");
        Error::Template(format!(
            "{label} rendered text that is not JSON (a template bug): {e}\n  rendered line {}: {}",
            e.line(),
            line.trim()
        ))
    })?;
    let mut pretty =
        serde_json::to_string_pretty(&value).map_err(|e| Error::Template(e.to_string()))?;
    pretty.push('\n');
    Ok(pretty)
}

/// Adds the template `name` to `tera` once it passes [`limits::check`]; errors start with `label`.
pub fn add_template(tera: &mut Tera, name: &str, text: &str, label: &str) -> Result<()> {
    limits::check(text).map_err(|why| Error::Template(format!("{label}:{why}")))?;
    tera.add_raw_template(name, text)
        .map_err(|e| Error::Template(format!("{label}: {}", chain(&e))))
}

/// An error with its sources, `a: b: c`.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s += &format!(": {c}");
        cur = c.source();
    }
    s
}

/// A Tera engine as every template of the contract expects: autoescape off (the `json` filter is
/// the escaping), the contract's filters and functions registered.
pub fn engine() -> Tera {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![]);
    register(&mut tera);
    tera
}

/// Registers the contract's filters and functions.
pub fn register(tera: &mut Tera) {
    tera.register_filter("json", json_filter);
    tera.register_filter("money", money_filter);
    tera.register_filter("number", number_filter);
    tera.register_function("emi", emi_function);
}

fn json_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    serde_json::to_string(value)
        .map(Value::String)
        .map_err(|e| tera::Error::msg(e.to_string()))
}

fn num_arg(args: &HashMap<String, Value>, name: &str, what: &str) -> tera::Result<f64> {
    match args.get(name) {
        Some(v) => as_f64(v)
            .ok_or_else(|| tera::Error::msg(format!("{what}: `{name}` must be a number, got {v}"))),
        None => Err(tera::Error::msg(format!(
            "{what}: missing argument `{name}`"
        ))),
    }
}

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn str_arg<'a>(args: &'a HashMap<String, Value>, name: &str, default: &'a str) -> &'a str {
    args.get(name).and_then(Value::as_str).unwrap_or(default)
}

fn money_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let n = as_f64(value)
        .ok_or_else(|| tera::Error::msg(format!("money: expected a number, got {value}")))?;
    let currency = str_arg(args, "currency", "USD");
    let locale = str_arg(args, "locale", "en_US");
    let decimals = match args.get("decimals") {
        Some(d) => Some(
            as_f64(d).ok_or_else(|| tera::Error::msg("money: `decimals` must be a number"))?
                as usize,
        ),
        None => None,
    };
    Ok(Value::String(money(n, currency, locale, decimals)))
}

fn number_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let n = as_f64(value)
        .ok_or_else(|| tera::Error::msg(format!("number: expected a number, got {value}")))?;
    let locale = str_arg(args, "locale", "en_US");
    let decimals = args.get("decimals").and_then(as_f64).unwrap_or(0.0) as usize;
    let (t, d) = separators(locale);
    Ok(Value::String(group_number(n, decimals, t, d, false)))
}

fn emi_function(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let p = num_arg(args, "principal", "emi")?;
    let rate = num_arg(args, "annual_rate", "emi")?;
    let months = num_arg(args, "months", "emi")?;
    if months < 1.0 {
        return Err(tera::Error::msg("emi: `months` must be at least 1"));
    }
    let e = emi(p, rate, months);
    Ok(json!(e))
}

/// Standard annuity instalment: P·r·(1+r)^n / ((1+r)^n − 1), r the monthly rate; rounded to 2 decimals.
pub fn emi(principal: f64, annual_rate_percent: f64, months: f64) -> f64 {
    let r = annual_rate_percent / 1200.0;
    let raw = if r == 0.0 {
        principal / months
    } else {
        let f = (1.0 + r).powf(months);
        principal * r * f / (f - 1.0)
    };
    (raw * 100.0).round() / 100.0
}

/// Thousands and decimal separators of a locale.
fn separators(locale: &str) -> (&'static str, &'static str) {
    let lang = locale.split(['_', '-']).next().unwrap_or("en");
    match lang {
        "pt" | "es" | "de" | "it" | "id" | "nl" | "tr" => (".", ","),
        "fr" => ("\u{202f}", ","),
        _ => (",", "."),
    }
}

/// Formats a number with grouping; `indian` groups the integer part 2-2-…-3 (12,34,56,789).
pub fn group_number(
    n: f64,
    decimals: usize,
    thousands: &str,
    decimal: &str,
    indian: bool,
) -> String {
    let text = format!("{:.*}", decimals, n.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
        None => (text.clone(), None),
    };
    let digits: Vec<char> = int.chars().collect();
    let mut groups: Vec<String> = Vec::new();
    let mut end = digits.len();
    let mut size = 3;
    while end > 0 {
        let start = end.saturating_sub(size);
        groups.push(digits[start..end].iter().collect());
        end = start;
        if indian {
            size = 2;
        }
    }
    groups.reverse();
    let mut out = String::new();
    let negative = n < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    if negative {
        out.push('-');
    }
    out += &groups.join(thousands);
    if let Some(f) = frac {
        out += decimal;
        out += &f;
    }
    out
}

/// Money in a currency, formatted for a locale (INR with Indian grouping and no paise when whole).
pub fn money(n: f64, currency: &str, locale: &str, decimals: Option<usize>) -> String {
    let (t, d) = separators(locale);
    let english = t == ",";
    match currency {
        "INR" => {
            let dec = decimals.unwrap_or(if n.fract() == 0.0 { 0 } else { 2 });
            format!("₹{}", group_number(n, dec, ",", ".", true))
        }
        "BRL" => format!(
            "R$ {}",
            group_number(n, decimals.unwrap_or(2), ".", ",", false)
        ),
        "MXN" => format!(
            "${}",
            group_number(n, decimals.unwrap_or(2), ",", ".", false)
        ),
        "USD" if english => format!("${}", group_number(n, decimals.unwrap_or(2), t, d, false)),
        "USD" => format!(
            "US$ {}",
            group_number(n, decimals.unwrap_or(2), t, d, false)
        ),
        "EUR" if english => format!("€{}", group_number(n, decimals.unwrap_or(2), t, d, false)),
        "EUR" => format!("{} €", group_number(n, decimals.unwrap_or(2), t, d, false)),
        "GBP" => format!("£{}", group_number(n, decimals.unwrap_or(2), t, d, false)),
        other => format!(
            "{other} {}",
            group_number(n, decimals.unwrap_or(2), t, d, false)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_per_currency() {
        assert_eq!(money(500000.0, "INR", "en_US", None), "₹5,00,000");
        assert_eq!(money(12345678.5, "INR", "en_US", None), "₹1,23,45,678.50");
        assert_eq!(money(5000.0, "BRL", "pt_BR", None), "R$ 5.000,00");
        assert_eq!(money(500000.0, "USD", "en_US", None), "$500,000.00");
        assert_eq!(money(1234.5, "EUR", "es", None), "1.234,50 €");
        assert_eq!(money(999.0, "INR", "en_US", None), "₹999");
    }

    #[test]
    fn emi_annuity() {
        assert_eq!(emi(100000.0, 12.0, 12.0), 8884.88);
        assert_eq!(emi(1200.0, 0.0, 12.0), 100.0);
    }
}
