//! Parameters are data: each use case's `manifest.yaml` declares them (type, prompt, help, default,
//! constraints). The same declarations drive the one validator ([`validate`]), the prompts
//! ([`prompt`]), preset loading ([`preset`]), the preset JSON Schema ([`schema`]) and `flowgen params`.
//!
//! Precedence when resolving values: `--set` > preset > prompt > default.

pub mod checks;
pub mod expr;
pub mod preset;
pub mod prompt;
pub mod resolve;
pub mod schema;
pub mod validate;

use serde::Deserialize;
use serde_json::{Map, Value};

/// The declared type of a parameter (or of a record field / list item).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    String,
    Integer,
    Decimal,
    Money,
    Percent,
    Bool,
    Enum,
    List,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Integer => "integer",
            Kind::Decimal => "decimal",
            Kind::Money => "money",
            Kind::Percent => "percent",
            Kind::Bool => "bool",
            Kind::Enum => "enum",
            Kind::List => "list",
        }
    }
    pub fn is_number(self) -> bool {
        matches!(
            self,
            Kind::Integer | Kind::Decimal | Kind::Money | Kind::Percent
        )
    }
}

/// One declared parameter, record field or list item. Fields and items use the same shape; their
/// `name` and `prompt` are optional there.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    #[serde(default)]
    pub name: String,
    #[serde(rename = "type")]
    pub kind: Kind,
    #[serde(default)]
    pub prompt: String,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub default: Option<serde_yaml::Value>,
    #[serde(default)]
    pub min_length: Option<u64>,
    #[serde(default)]
    pub max_length: Option<u64>,
    #[serde(default)]
    pub pattern: Option<String>,
    /// `regex`: the value itself is a regular expression (e.g. a TextInput `pattern`) and must compile.
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub choices: Option<Vec<String>>,
    #[serde(default)]
    pub min_items: Option<u64>,
    #[serde(default)]
    pub max_items: Option<u64>,
    #[serde(default)]
    pub fields: Option<Vec<Param>>,
    #[serde(default)]
    pub item: Option<Box<Param>>,
    /// Records: the field whose value must differ between items; scalar lists: `item`.
    #[serde(default)]
    pub unique: Option<String>,
    /// Ask this question only when this Tera expression over the earlier answers (`p.<name>`)
    /// is true, like copier's `when`; the parameter keeps its default otherwise.
    #[serde(default)]
    pub when: Option<String>,
    /// A default computed from earlier answers (a Tera expression, e.g. `p.loan_amounts | first`),
    /// used instead of `default` when the parameter is not given.
    #[serde(default)]
    pub default_from: Option<String>,
    /// Compiled `pattern` (filled by [`Param::prepare`]).
    #[serde(skip)]
    pub regex: Option<regex::Regex>,
}

impl Param {
    /// Checks the declaration itself and compiles its pattern. `at` names it in messages.
    pub fn prepare(&mut self, at: &str) -> Result<(), String> {
        match self.format.as_deref() {
            None => {}
            Some("regex") if self.kind == Kind::String => {}
            Some(other) => {
                return Err(format!(
                    "{at}: unknown `format: {other}` (only `regex`, on strings)"
                ))
            }
        }
        if let Some(p) = &self.pattern {
            if self.kind != Kind::String {
                return Err(format!("{at}: `pattern` only applies to strings"));
            }
            self.regex = Some(
                compiled_regex(p)
                    .map_err(|e| format!("{at}: pattern {p:?} is not a valid regex: {e}"))?,
            );
        }
        match self.kind {
            Kind::Enum => match &self.choices {
                Some(c) if !c.is_empty() => {}
                _ => return Err(format!("{at}: an enum needs a non-empty `choices` list")),
            },
            Kind::List => match (&mut self.fields, &mut self.item) {
                (Some(fields), None) => {
                    if fields.is_empty() {
                        return Err(format!("{at}: `fields` is empty"));
                    }
                    for f in fields.iter_mut() {
                        if f.name.is_empty() {
                            return Err(format!("{at}: every field needs a `name`"));
                        }
                        let sub = format!("{at}.{}", f.name);
                        if f.kind == Kind::List {
                            return Err(format!("{sub}: lists inside records are not supported"));
                        }
                        f.prepare(&sub)?;
                    }
                    if let Some(u) = &self.unique {
                        if !fields.iter().any(|f| &f.name == u) {
                            return Err(format!("{at}: `unique: {u}` names no field"));
                        }
                    }
                }
                (None, Some(item)) => {
                    if item.kind == Kind::List {
                        return Err(format!("{at}: lists of lists are not supported"));
                    }
                    if self.unique.as_deref().is_some_and(|u| u != "item") {
                        return Err(format!(
                            "{at}: a list of scalars takes `unique: item` (its items must differ)"
                        ));
                    }
                    item.prepare(&format!("{at}[]"))?;
                }
                _ => {
                    return Err(format!(
                        "{at}: a list needs exactly one of `fields` (records) or `item` (scalars)"
                    ))
                }
            },
            _ => {}
        }
        Ok(())
    }

    /// Whether the parameter has no default (a value must come from `--set`, a preset or a prompt).
    pub fn is_required(&self) -> bool {
        self.default.is_none()
    }

    /// The effective numeric bounds: money is >= 0 and percent 0..100 unless declared otherwise.
    pub fn bounds(&self) -> (Option<f64>, Option<f64>) {
        match self.kind {
            Kind::Money => (Some(self.min.unwrap_or(0.0)), self.max),
            Kind::Percent => (
                Some(self.min.unwrap_or(0.0)),
                Some(self.max.unwrap_or(100.0)),
            ),
            _ => (self.min, self.max),
        }
    }

    /// A one-line description of the constraints, for `flowgen params` and prompts.
    pub fn constraints(&self) -> String {
        let mut parts = Vec::new();
        if let Some(n) = self.min_length {
            parts.push(format!("min {n} chars"));
        }
        if let Some(n) = self.max_length {
            parts.push(format!("max {n} chars"));
        }
        if let Some(p) = &self.pattern {
            parts.push(format!("pattern {p}"));
        }
        if self.kind.is_number() {
            let (min, max) = self.bounds();
            if let Some(m) = min {
                parts.push(format!(">= {}", validate::number_text(m)));
            }
            if let Some(m) = max {
                parts.push(format!("<= {}", validate::number_text(m)));
            }
        }
        if let Some(c) = &self.choices {
            parts.push(format!("one of {}", c.join("|")));
        }
        if let Some(n) = self.min_items {
            parts.push(format!("min {n} items"));
        }
        if let Some(n) = self.max_items {
            parts.push(format!("max {n} items"));
        }
        if let Some(u) = &self.unique {
            parts.push(format!("unique {u}"));
        }
        if let Some(fields) = &self.fields {
            let f: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.name, f.kind.name()))
                .collect();
            parts.push(format!("records {{{}}}", f.join(", ")));
        }
        if let Some(item) = &self.item {
            parts.push(format!("items: {}", item.kind.name()));
        }
        if let Some(e) = &self.default_from {
            parts.push(format!("default: {e}"));
        }
        if let Some(e) = &self.when {
            parts.push(format!("asked when {e}"));
        }
        parts.join(", ")
    }
}

/// A use case's `manifest.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub template_version: u64,
    #[serde(default)]
    pub endpoint: bool,
    #[serde(default = "default_flow_versions")]
    pub flow_versions: Vec<String>,
    #[serde(default = "default_locale")]
    pub default_locale: String,
    #[serde(default)]
    pub parameters: Vec<Param>,
    /// Constraints between parameters (min <= max, a default among its list, references between
    /// lists, ordered ranges), checked by the one validator after every value is known.
    #[serde(default)]
    pub checks: Vec<checks::Check>,
    /// TextInputs that carry a `pattern` (Flow JSON 6.2+), each under its `when`: older versions
    /// drop it, `new` says so and the endpoint stub enforces the same check.
    #[serde(default)]
    pub input_patterns: Vec<InputPattern>,
}

/// A TextInput with a `pattern` (see [`Manifest::input_patterns`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputPattern {
    pub input: String,
    #[serde(default)]
    pub when: Option<String>,
}

/// Keys of a preset that are not parameters: the structure `.flowgen/answers.yaml` records.
pub const STRUCTURE_KEYS: &[&str] = &["locale", "flow_version", "data_api", "endpoint"];

fn default_flow_versions() -> Vec<String> {
    vec!["7.3".into()]
}

fn default_locale() -> String {
    "en_US".into()
}

impl Manifest {
    /// Parses and checks a manifest: names, patterns, choices and that every default is valid.
    pub fn parse(text: &str, file: &str) -> Result<Manifest, String> {
        let mut m: Manifest = serde_yaml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
        let mut seen = std::collections::BTreeSet::new();
        for p in &mut m.parameters {
            let at = format!("{file}: parameter `{}`", p.name);
            let mut chars = p.name.chars();
            let name_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
                && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !name_ok {
                return Err(format!("{at}: a name must match ^[a-z][a-z0-9_]*$"));
            }
            if !seen.insert(p.name.clone()) {
                return Err(format!("{at}: declared twice"));
            }
            if STRUCTURE_KEYS.contains(&p.name.as_str()) || p.name == "data_api_version" {
                return Err(format!("{at}: the name is reserved for the project structure (presets set it beside the parameters)"));
            }
            p.prepare(&at)?;
            for (what, e) in [("when", &p.when), ("default_from", &p.default_from)] {
                if let Some(e) = e {
                    expr::compile(e).map_err(|why| format!("{at}: `{what}`: {why}"))?;
                }
            }
            if let Some(d) = &p.default {
                validate::from_yaml(p, d)
                    .map_err(|e| format!("{at}: the default is invalid: {e}"))?;
            }
        }
        for ip in &m.input_patterns {
            if let Some(w) = &ip.when {
                expr::compile(w)
                    .map_err(|why| format!("{file}: input_patterns `{}`: {why}", ip.input))?;
            }
        }
        for (i, c) in m.checks.iter().enumerate() {
            c.declared(&m)
                .map_err(|e| format!("{file}: checks[{i}]: {e}"))?;
        }
        let defaults: Values = m
            .parameters
            .iter()
            .filter_map(|p| {
                Some((
                    p.name.clone(),
                    validate::from_yaml(p, p.default.as_ref()?).ok()?,
                ))
            })
            .collect();
        for p in &m.parameters {
            if let Some(e) = &p.default_from {
                let text = expr::text(e, &defaults).map_err(|why| {
                    format!("{file}: parameter `{}`: `default_from`: {why}", p.name)
                })?;
                validate::from_text(p, &text).map_err(|why| {
                    format!("{file}: parameter `{}`: `default_from` over the defaults gives {text:?}: {why}", p.name)
                })?;
            }
        }
        if let Some(problem) = checks::run(&m, &defaults).first() {
            return Err(format!("{file}: the defaults break a check: {problem}"));
        }
        if m.flow_versions.is_empty() || m.flow_versions.len() > 2 {
            return Err(format!(
                "{file}: `flow_versions` is an inclusive range: [min, max]"
            ));
        }
        for v in &m.flow_versions {
            if crate::flow::Version::parse(v)
                .filter(|v| v.is_known())
                .is_none()
            {
                return Err(format!(
                    "{file}: `flow_versions`: {v:?} is not a Flow JSON version"
                ));
            }
        }
        Ok(m)
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.parameters.iter().find(|p| p.name == name)
    }

    /// The closest declared parameter name, for "did you mean".
    pub fn suggest(&self, name: &str) -> Option<&str> {
        crate::suggest::closest(name, self.parameters.iter().map(|p| p.name.as_str()))
    }

    /// The inclusive range of Flow JSON versions this template supports.
    pub fn version_range(&self) -> (crate::flow::Version, crate::flow::Version) {
        let parse = |s: &String| crate::flow::Version::parse(s).expect("checked in parse");
        let min = parse(&self.flow_versions[0]);
        let max = parse(self.flow_versions.last().expect("non-empty"));
        (min, max)
    }
}

/// `pattern` compiled once per process: manifests repeat the same few patterns (ids) in many
/// records, and compiling a regex costs more than parsing the manifest line that declares it.
pub(crate) fn compiled_regex(pattern: &str) -> Result<regex::Regex, regex::Error> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, regex::Regex>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(re) = cache.lock().ok().and_then(|c| c.get(pattern).cloned()) {
        return Ok(re);
    }
    let re = regex::Regex::new(pattern)?;
    if let Ok(mut c) = cache.lock() {
        c.insert(pattern.to_owned(), re.clone());
    }
    Ok(re)
}

/// Validated values in manifest order (name → typed JSON value).
pub type Values = Map<String, Value>;
