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

/// One step of the way to a value: a parameter or field name, or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// What the validator refused and where: the path from the parameter down to the offending
/// value (`at_key`: the key itself, e.g. an unknown field name, rather than its value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: Vec<Seg>,
    pub at_key: bool,
    pub message: String,
}

impl Problem {
    pub fn new(path: &[Seg], message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_vec(),
            at_key: false,
            message: message.into(),
        }
    }
    /// `loan_amounts[1]`, `purposes[3].group`.
    pub fn path_text(&self) -> String {
        path_text(&self.path)
    }
    /// The parameter the problem belongs to (the first step).
    pub fn param(&self) -> Option<&str> {
        match self.path.first() {
            Some(Seg::Key(k)) => Some(k),
            _ => None,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "`{}`: {}", self.path_text(), self.message)
        }
    }
}

/// A path as text: `a[1].b`.
pub fn path_text(path: &[Seg]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Seg::Key(k) if out.is_empty() => out += k,
            Seg::Key(k) => {
                out.push('.');
                out += k;
            }
            Seg::Index(i) => out += &format!("[{i}]"),
        }
    }
    out
}

/// The identity of a list item for uniqueness: its canonical text (500 and 500.0 are the same).
fn identity(v: &Value) -> String {
    match v {
        Value::String(s) => format!("s:{s}"),
        Value::Number(n) => format!("n:{}", number_text(n.as_f64().unwrap_or(f64::NAN))),
        other => other.to_string(),
    }
}

/// Validates a positionless YAML value (manifest defaults, `--set` lists, presets), collecting
/// every problem with its path (`path` is where `v` sits). `None` when anything was refused.
pub fn check(
    p: &Param,
    v: &serde_yaml::Value,
    path: &mut Vec<Seg>,
    out: &mut Vec<Problem>,
) -> Option<Value> {
    use serde_yaml::Value as Y;
    if p.kind == Kind::List {
        let Y::Sequence(seq) = v else {
            out.push(Problem::new(
                path,
                format!("expected a list, found {}", describe_yaml(v)),
            ));
            return None;
        };
        let before = out.len();
        let mut items = Vec::with_capacity(seq.len());
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for (i, item) in seq.iter().enumerate() {
            path.push(Seg::Index(i));
            let checked = if p.fields.is_some() {
                check_record(p, item, path, out)
            } else {
                let ip = p.item.as_deref().expect("prepared list has fields or item");
                check(ip, item, path, out)
            };
            if let Some(v) = &checked {
                let key = match p.unique.as_deref() {
                    Some("item") => Some((identity(v), display(v), None)),
                    Some(field) => v.get(field).map(|f| (identity(f), display(f), Some(field))),
                    None => None,
                };
                if let Some((id, shown, field)) = key {
                    if let Some(first) = seen.get(&id) {
                        let what = match field {
                            Some(f) => {
                                path.push(Seg::Key(f.to_owned()));
                                format!("`{f}` {shown:?}")
                            }
                            None => shown,
                        };
                        out.push(Problem::new(
                            path,
                            format!("{what} appears twice (first as item {first}); each must be unique: option ids are made from it"),
                        ));
                        if field.is_some() {
                            path.pop();
                        }
                    } else {
                        seen.insert(id, i);
                    }
                }
            }
            path.pop();
            items.extend(checked);
        }
        let n = seq.len() as u64;
        if let Some(min) = p.min_items {
            if n < min {
                out.push(Problem::new(
                    path,
                    format!("{n} items, under the minimum of {min}"),
                ));
            }
        }
        if let Some(max) = p.max_items {
            if n > max {
                out.push(Problem::new(
                    path,
                    format!("{n} items, over the limit of {max}"),
                ));
            }
        }
        return (out.len() == before).then_some(Value::Array(items));
    }
    let s = match v {
        Y::Null => Scalar::Null,
        Y::Bool(b) => Scalar::Bool(*b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => Scalar::Int(i),
            None => Scalar::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Y::String(s) => Scalar::Str(s),
        Y::Sequence(_) | Y::Mapping(_) | Y::Tagged(_) => {
            out.push(Problem::new(
                path,
                format!("expected {}, found {}", p.kind.name(), describe_yaml(v)),
            ));
            return None;
        }
    };
    match scalar(p, s) {
        Ok(v) => Some(v),
        Err(m) => {
            out.push(Problem::new(path, m));
            None
        }
    }
}

fn describe_yaml(v: &serde_yaml::Value) -> &'static str {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => "nothing (null)",
        Y::Bool(_) => "a boolean",
        Y::Number(_) => "a number",
        Y::String(_) => "a string",
        Y::Sequence(_) => "a list",
        Y::Mapping(_) => "a mapping",
        Y::Tagged(_) => "a tagged value (not supported)",
    }
}

/// One record of a list of records: every field checked, missing ones take their default.
fn check_record(
    p: &Param,
    v: &serde_yaml::Value,
    path: &mut Vec<Seg>,
    out: &mut Vec<Problem>,
) -> Option<Value> {
    let serde_yaml::Value::Mapping(m) = v else {
        out.push(Problem::new(
            path,
            format!(
                "expected a record (a mapping of fields), found {}",
                describe_yaml(v)
            ),
        ));
        return None;
    };
    let before = out.len();
    let mut given = Map::new();
    for (k, fv) in m {
        let Some(k) = k.as_str() else {
            out.push(Problem::new(path, "field names are strings"));
            continue;
        };
        path.push(Seg::Key(k.to_owned()));
        match record_field(p, k) {
            Ok(f) => {
                if let Some(val) = check(f, fv, path, out) {
                    given.insert(k.to_owned(), val);
                }
            }
            Err(m) => out.push(Problem {
                at_key: true,
                ..Problem::new(path, m)
            }),
        }
        path.pop();
    }
    let mut record = Map::new();
    for f in p.fields.as_deref().unwrap_or_default() {
        match given.remove(&f.name) {
            Some(v) => {
                record.insert(f.name.clone(), v);
            }
            None if m.contains_key(f.name.as_str()) => {}
            None => match &f.default {
                Some(d) => {
                    path.push(Seg::Key(f.name.clone()));
                    if let Some(v) = check(f, d, path, out) {
                        record.insert(f.name.clone(), v);
                    }
                    path.pop();
                }
                None => out.push(Problem::new(path, format!("missing field `{}`", f.name))),
            },
        }
    }
    (out.len() == before).then_some(Value::Object(record))
}

/// Validates a positionless YAML value; the first problem as text (paths relative to `p`).
pub fn from_yaml(p: &Param, v: &serde_yaml::Value) -> Result<Value, String> {
    let mut problems = Vec::new();
    match check(p, v, &mut Vec::new(), &mut problems) {
        Some(v) if problems.is_empty() => Ok(v),
        _ => Err(first_text(&problems)),
    }
}

/// The problems of one value as one line each.
pub fn first_text(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| match &p.path[..] {
            [] => p.message.clone(),
            [Seg::Index(i), rest @ ..] => {
                let tail = path_text(rest);
                if tail.is_empty() {
                    format!("item {i}: {}", p.message)
                } else {
                    format!("item {i}.{tail}: {}", p.message)
                }
            }
            _ => p.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
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
        Kind::List => from_yaml(p, &list_text(p, text)?),
    }
}

/// A list as typed: YAML or JSON (`[a, b]`, `- a`), or for lists of scalars just `a, b`.
pub fn list_text(p: &Param, text: &str) -> Result<serde_yaml::Value, String> {
    let t = text.trim();
    let flow = t.starts_with('[') || t.starts_with('-') || t.contains('\n');
    let source = if p.item.is_some() && !flow {
        format!("[{t}]")
    } else {
        text.to_owned()
    };
    serde_yaml::from_str(&source).map_err(|e| format!("not a YAML/JSON list: {e}"))
}

/// The value as text a user could type back (prompt defaults, `flowgen params`).
pub fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(_) | Value::Object(_) => serde_json::to_string(v).unwrap_or_default(),
        other => other.to_string(),
    }
}
