//! The one validator: every parameter value, whatever its source (prompt, preset, `--set`, a
//! manifest default), is checked here and turned into a typed JSON value for rendering.
//!
//! Walkers over the different sources (positionless YAML, positioned preset YAML, text) call the
//! same scalar / record / list checks, so a rule is written once.

use serde_json::{Map, Number, Value};

use super::{Kind, Param};

/// A scalar as it arrives from any source, before it is checked against its declaration.
#[derive(Debug, Clone, Copy)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

impl Scalar<'_> {
    fn describe(&self) -> &'static str {
        match self {
            Scalar::Null => "nothing (null)",
            Scalar::Bool(_) => "a boolean",
            Scalar::Int(_) => "an integer",
            Scalar::Float(_) => "a number",
            Scalar::Str(_) => "a string",
        }
    }
}

/// Formats a number without a trailing `.0` when it is whole.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn quoted(s: &str) -> String {
    let mut short: String = s.chars().take(40).collect();
    if short.len() < s.len() {
        short.push('…');
    }
    format!("{short:?}")
}

/// Refuses strings that WhatsApp would evaluate instead of showing: `${...}` bindings and
/// backtick-wrapped expressions have no escape in Flow JSON.
pub fn check_live_text(s: &str) -> Result<(), String> {
    if s.contains("${") {
        return Err(format!(
            "{} contains \"${{\", which WhatsApp would treat as a live data binding (Flow JSON has no escape for it); remove it or put a space between $ and {{",
            quoted(s)
        ));
    }
    let t = s.trim();
    if t.len() >= 2 && t.starts_with('`') && t.ends_with('`') {
        return Err(format!(
            "{} is wrapped in backticks, which WhatsApp would evaluate as an expression (Flow JSON has no escape for it); drop the backticks",
            quoted(s)
        ));
    }
    Ok(())
}

fn number_value(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::Number(Number::from(n as i64))
    } else {
        Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// Checks one scalar against a declaration (a parameter, a record field or a list item).
pub fn scalar(p: &Param, s: Scalar<'_>) -> Result<Value, String> {
    let wrong = |expected: &str| format!("expected {expected}, found {}", s.describe());
    match p.kind {
        Kind::String => {
            let Scalar::Str(text) = s else {
                return Err(wrong("a string (quote it in YAML)"));
            };
            if p.format.as_deref() == Some("regex") {
                if let Err(e) = super::compiled_regex(text) {
                    let reason = e.to_string();
                    let last = reason
                        .lines()
                        .rev()
                        .find(|l| !l.trim().is_empty())
                        .unwrap_or("invalid");
                    return Err(format!("{} is not a valid regular expression ({}); WhatsApp checks input against it", quoted(text), last.trim().trim_start_matches("error: ")));
                }
            }
            string(p, text)
        }
        Kind::Enum => {
            let Scalar::Str(text) = s else {
                return Err(wrong("one of the choices as a string"));
            };
            let choices = p.choices.as_deref().unwrap_or_default();
            if choices.iter().any(|c| c == text) {
                return Ok(Value::String(text.to_owned()));
            }
            let mut msg = format!("{} is not one of {}", quoted(text), choices.join(", "));
            if let Some(c) = crate::suggest::closest(text, choices.iter().map(String::as_str)) {
                msg += &format!(" (did you mean {c:?}?)");
            }
            Err(msg)
        }
        Kind::Bool => match s {
            Scalar::Bool(b) => Ok(Value::Bool(b)),
            _ => Err(wrong("true or false")),
        },
        Kind::Integer => {
            let n = match s {
                Scalar::Int(n) => n,
                Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => f as i64,
                _ => return Err(wrong("a whole number")),
            };
            bounds(p, n as f64)?;
            Ok(Value::Number(n.into()))
        }
        Kind::Decimal | Kind::Money | Kind::Percent => {
            let n = match s {
                Scalar::Int(n) => n as f64,
                Scalar::Float(f) if f.is_finite() => f,
                _ => return Err(wrong("a number")),
            };
            bounds(p, n)?;
            Ok(number_value(n))
        }
        Kind::List => Err(wrong("a list")),
    }
}

fn string(p: &Param, text: &str) -> Result<Value, String> {
    let chars = text.chars().count() as u64;
    if text.trim().is_empty() && p.min_length != Some(0) {
        return Err("a blank string is not allowed (Flow JSON 6.0+ rejects blank text)".into());
    }
    if let Some(min) = p.min_length {
        if chars < min {
            return Err(format!(
                "{} is {chars} characters, under the minimum of {min}",
                quoted(text)
            ));
        }
    }
    if let Some(max) = p.max_length {
        if chars > max {
            return Err(format!(
                "{} is {chars} characters, over the limit of {max}",
                quoted(text)
            ));
        }
    }
    if let Some(re) = &p.regex {
        if !re.is_match(text) {
            return Err(format!(
                "{} does not match the pattern {}",
                quoted(text),
                re.as_str()
            ));
        }
    }
    check_live_text(text)?;
    Ok(Value::String(text.to_owned()))
}

fn bounds(p: &Param, n: f64) -> Result<(), String> {
    let (min, max) = p.bounds();
    if let Some(min) = min {
        if n < min {
            return Err(format!(
                "{} is under the minimum of {}",
                number_text(n),
                number_text(min)
            ));
        }
    }
    if let Some(max) = max {
        if n > max {
            return Err(format!(
                "{} is over the maximum of {}",
                number_text(n),
                number_text(max)
            ));
        }
    }
    Ok(())
}

/// The declaration of one key of a record; unknown keys get a "did you mean".
pub fn record_field<'p>(p: &'p Param, key: &str) -> Result<&'p Param, String> {
    let fields = p.fields.as_deref().unwrap_or_default();
    if let Some(f) = fields.iter().find(|f| f.name == key) {
        return Ok(f);
    }
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let mut msg = format!("unknown field `{key}` (fields: {})", names.join(", "));
    if let Some(c) = crate::suggest::closest(key, names.iter().copied()) {
        msg += &format!("; did you mean `{c}`?");
    }
    Err(msg)
}

/// Completes a record: fields it lacks take their default; a lacking field without one is an error.
pub fn finish_record(p: &Param, mut given: Map<String, Value>) -> Result<Value, String> {
    let mut out = Map::new();
    for f in p.fields.as_deref().unwrap_or_default() {
        match given.remove(&f.name) {
            Some(v) => {
                out.insert(f.name.clone(), v);
            }
            None => match &f.default {
                Some(d) => {
                    out.insert(f.name.clone(), from_yaml(f, d)?);
                }
                None => return Err(format!("missing field `{}`", f.name)),
            },
        }
    }
    Ok(Value::Object(out))
}

/// Checks a list's length and uniqueness once its items are checked.
pub fn finish_list(p: &Param, items: Vec<Value>) -> Result<Value, String> {
    let n = items.len() as u64;
    if let Some(min) = p.min_items {
        if n < min {
            return Err(format!("{n} items, under the minimum of {min}"));
        }
    }
    if let Some(max) = p.max_items {
        if n > max {
            return Err(format!("{n} items, over the limit of {max}"));
        }
    }
    if let Some(key) = &p.unique {
        let mut seen = std::collections::BTreeSet::new();
        for (i, item) in items.iter().enumerate() {
            let v = item.get(key).map(Value::to_string).unwrap_or_default();
            if !seen.insert(v.clone()) {
                return Err(format!(
                    "item {i}: `{key}` {v} appears twice; it must be unique"
                ));
            }
        }
    }
    Ok(Value::Array(items))
}

/// Validates a positionless YAML value (manifest defaults, `--set` lists).
pub fn from_yaml(p: &Param, v: &serde_yaml::Value) -> Result<Value, String> {
    use serde_yaml::Value as Y;
    if p.kind == Kind::List {
        let Y::Sequence(seq) = v else {
            return Err("expected a list".into());
        };
        let mut items = Vec::with_capacity(seq.len());
        for (i, item) in seq.iter().enumerate() {
            let checked = if p.fields.is_some() {
                let Y::Mapping(m) = item else {
                    return Err(format!("item {i}: expected a record (a mapping of fields)"));
                };
                let mut given = Map::new();
                for (k, fv) in m {
                    let Some(k) = k.as_str() else {
                        return Err(format!("item {i}: field names are strings"));
                    };
                    let f = record_field(p, k).map_err(|e| format!("item {i}: {e}"))?;
                    let val = from_yaml(f, fv).map_err(|e| format!("item {i}.{k}: {e}"))?;
                    given.insert(k.to_owned(), val);
                }
                finish_record(p, given).map_err(|e| format!("item {i}: {e}"))?
            } else {
                let ip = p.item.as_deref().expect("prepared list has fields or item");
                from_yaml(ip, item).map_err(|e| format!("item {i}: {e}"))?
            };
            items.push(checked);
        }
        return finish_list(p, items);
    }
    let s = match v {
        Y::Null => Scalar::Null,
        Y::Bool(b) => Scalar::Bool(*b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => Scalar::Int(i),
            None => Scalar::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Y::String(s) => Scalar::Str(s),
        Y::Sequence(_) => return Err(format!("expected {}, found a list", p.kind.name())),
        Y::Mapping(_) => return Err(format!("expected {}, found a mapping", p.kind.name())),
        Y::Tagged(_) => return Err("tagged YAML values are not supported".into()),
    };
    scalar(p, s)
}

/// Validates text typed at a prompt or given to `--set`: strings are taken literally, numbers
/// and booleans are parsed, lists are read as YAML or JSON (`[a, b]`, `[{id: x, title: X}]`).
pub fn from_text(p: &Param, text: &str) -> Result<Value, String> {
    match p.kind {
        Kind::String | Kind::Enum => scalar(p, Scalar::Str(text)),
        Kind::Bool => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "on" => Ok(Value::Bool(true)),
            "false" | "no" | "n" | "off" => Ok(Value::Bool(false)),
            _ => Err(format!(
                "{} is not a yes/no answer (true, false, yes, no)",
                quoted(text)
            )),
        },
        Kind::Integer => match text.trim().parse::<i64>() {
            Ok(n) => scalar(p, Scalar::Int(n)),
            Err(_) => Err(format!(
                "{} is not a whole number (digits only, no separators)",
                quoted(text)
            )),
        },
        Kind::Decimal | Kind::Money | Kind::Percent => {
            let t = text.trim().trim_end_matches('%').trim();
            match t.parse::<f64>() {
                Ok(n) if n.is_finite() && !t.is_empty() => scalar(p, Scalar::Float(n)),
                _ => Err(format!(
                    "{} is not a number (use a dot for decimals, no separators)",
                    quoted(text)
                )),
            }
        }
        Kind::List => {
            let y: serde_yaml::Value =
                serde_yaml::from_str(text).map_err(|e| format!("not a YAML/JSON list: {e}"))?;
            from_yaml(p, &y)
        }
    }
}

/// The value as text a user could type back (prompt defaults, `flowgen params`).
pub fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(_) | Value::Object(_) => serde_json::to_string(v).unwrap_or_default(),
        other => other.to_string(),
    }
}
