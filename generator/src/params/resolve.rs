//! Values from their sources, by precedence: `--set` > preset > prompt > the locale's default >
//! `default_from` > the manifest default. Every explicit source is read in full first, so all
//! their mistakes are reported in one run, each named by where it comes from (`--set key`,
//! `file:line:col`); then the cross-parameter checks run over the complete values. Nothing here
//! needs a command line: `new` and `update` both call [`read`] and [`complete`].

use std::collections::BTreeMap;

use serde_json::Value;

use super::preset::{self, Preset};
use super::validate::{self, Problem, Seg};
use super::{checks, expr, Manifest, Param, Values};

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Set,
    Preset,
    Prompt,
    LocaleDefault,
    Default,
}

impl Source {
    pub fn explicit(self) -> bool {
        matches!(self, Source::Set | Source::Preset | Source::Prompt)
    }
}

/// A preset's text and how to name it in messages (a path, or `<stdin>`).
#[derive(Debug, Clone)]
pub struct PresetText {
    pub label: String,
    pub text: String,
}

/// The explicit sources, read and validated value by value.
#[derive(Debug, Default)]
pub struct Given {
    pub sets: Values,
    pub preset: Preset,
    pub preset_text: Option<PresetText>,
    /// Every problem of the explicit sources, as a line naming its source.
    pub problems: Vec<String>,
    /// Parameters given a refused value (their checks are skipped: they would only repeat it).
    pub refused: std::collections::BTreeSet<String>,
}

impl Given {
    /// A structure key (`locale`, `flow_version`, `data_api`, `endpoint`) set by the preset.
    pub fn structure(&self, key: &str) -> Option<&str> {
        self.preset.structure.get(key).and_then(Value::as_str)
    }
}

/// Reads `--set KEY=VALUE` texts and a preset; problems are collected, never the first only.
pub fn read(m: &Manifest, sets: &[String], preset: Option<PresetText>) -> Given {
    let mut given = Given::default();
    for s in sets {
        let Some((key, text)) = s.split_once('=') else {
            given
                .problems
                .push(format!("--set {s:?}: expected KEY=VALUE"));
            continue;
        };
        let key = key.trim();
        let Some(p) = m.param(key) else {
            let mut msg = format!("--set {key}: unknown parameter for use case {}", m.id);
            if let Some(c) = m.suggest(key) {
                msg += &format!("; did you mean `{c}`?");
            } else {
                msg += &format!(" (see `flowgen params {}`)", m.id);
            }
            if super::STRUCTURE_KEYS.contains(&key) {
                msg = format!("--set {key}: use --{} instead", key.replace('_', "-"));
            }
            given.problems.push(msg);
            continue;
        };
        match from_text(p, text) {
            Ok(v) => {
                given.sets.insert(key.to_owned(), v);
            }
            Err(problems) => {
                given.refused.insert(key.to_owned());
                for pr in problems {
                    given.problems.push(set_line(key, &pr));
                }
            }
        }
    }
    if let Some(pt) = preset {
        let loaded = preset::load(&pt.text, m);
        given.refused.extend(loaded.refused.iter().cloned());
        for e in &loaded.problems {
            given.problems.push(format!(
                "{}:{}:{}: {}",
                pt.label, e.line, e.column, e.message
            ));
        }
        given.preset = loaded;
        given.preset_text = Some(pt);
    }
    given
}

/// A typed answer (prompt or `--set`), with every problem of it.
pub fn from_text(p: &Param, text: &str) -> Result<Value, Vec<Problem>> {
    let root = vec![Seg::Key(p.name.clone())];
    if p.kind == super::Kind::List {
        let y = validate::list_text(p, text).map_err(|m| vec![Problem::new(&root, m)])?;
        let mut problems = Vec::new();
        let mut path = root;
        return match validate::check(p, &y, &mut path, &mut problems) {
            Some(v) if problems.is_empty() => Ok(v),
            _ => Err(problems),
        };
    }
    validate::from_text(p, text).map_err(|m| vec![Problem::new(&root, m)])
}

fn set_line(key: &str, p: &Problem) -> String {
    let rest = validate::path_text(&p.path[1.min(p.path.len())..]);
    if rest.is_empty() {
        format!("--set {key}: {}", p.message)
    } else if rest.starts_with('[') {
        format!("--set {key}{rest}: {}", p.message)
    } else {
        format!("--set {key}.{rest}: {}", p.message)
    }
}

/// Asks for a value interactively (see `params::prompt`). `check` validates a candidate against
/// the cross-parameter checks given the answers so far; a refused answer is asked again.
pub trait Ask {
    fn ask(
        &mut self,
        p: &Param,
        default: Option<&Value>,
        check: &dyn Fn(&Value) -> Vec<String>,
    ) -> crate::error::Result<Value>;
}

/// Complete, checked values and where each came from.
#[derive(Debug, Default)]
pub struct Resolved {
    pub values: Values,
    pub sources: BTreeMap<String, Source>,
}

/// The locale's defaults (`locales/defaults/<locale>.yaml` of a template), validated.
pub fn locale_defaults(m: &Manifest, label: &str, text: &str) -> Result<Values, String> {
    let loaded = preset::load(text, m);
    if let Some(e) = loaded.problems.first() {
        return Err(format!("{label}:{}:{}: {}", e.line, e.column, e.message));
    }
    Ok(loaded.values)
}

/// Every parameter's value, in manifest order. `ask` is the prompt (None: no input).
/// Errors are one line per problem: those of the explicit sources ([`Given::problems`]) first,
/// then missing values and failed checks (except checks reading a refused value).
pub fn complete(
    m: &Manifest,
    given: &Given,
    locale: &Values,
    mut ask: Option<&mut dyn Ask>,
) -> Result<Resolved, Vec<String>> {
    let mut out = Resolved::default();
    let mut missing = Vec::new();
    let mut problems = given.problems.clone();
    if !problems.is_empty() {
        ask = None;
    }
    for p in &m.parameters {
        if given.refused.contains(&p.name) {
            continue;
        }
        let explicit = given
            .sets
            .get(&p.name)
            .map(|v| (v, Source::Set))
            .or_else(|| {
                given
                    .preset
                    .values
                    .get(&p.name)
                    .map(|v| (v, Source::Preset))
            });
        if let Some((v, source)) = explicit {
            out.values.insert(p.name.clone(), v.clone());
            out.sources.insert(p.name.clone(), source);
            continue;
        }
        let fallback = match default_of(m, p, locale, &out.values) {
            Ok(d) => d,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let asked = match (&mut ask, &p.when) {
            (Some(_), Some(when)) => match expr::truth(when, &out.values) {
                Ok(b) => b,
                Err(e) => {
                    problems.push(format!("{}: `when` of `{}`: {e}", m.id, p.name));
                    false
                }
            },
            (Some(_), None) => true,
            (None, _) => false,
        };
        if let (true, Some(ask)) = (asked, ask.as_deref_mut()) {
            let so_far = &out.values;
            let check = |v: &Value| {
                let mut with = so_far.clone();
                with.insert(p.name.clone(), v.clone());
                checks::failures(m, &with, |c| c.params().contains(&p.name.as_str()))
                    .into_iter()
                    .map(|f| f.problem.to_string())
                    .collect()
            };
            let v = ask
                .ask(p, fallback.as_ref().map(|(v, _)| v), &check)
                .map_err(|e| vec![e.to_string()])?;
            out.values.insert(p.name.clone(), v);
            out.sources.insert(p.name.clone(), Source::Prompt);
            continue;
        }
        match fallback {
            Some((v, source)) => {
                out.values.insert(p.name.clone(), v);
                out.sources.insert(p.name.clone(), source);
            }
            None => missing.push(p),
        }
    }
    if !missing.is_empty() {
        problems.push(format!(
            "{} required parameter(s) have no value in no-input mode:",
            missing.len()
        ));
        for p in missing {
            problems.push(format!(
                "  `{}` ({}): pass --set {}=VALUE or add `{}:` to the preset",
                p.name, p.prompt, p.name, p.name
            ));
        }
    }
    let failures = checks::failures(m, &out.values, |c| {
        !c.params().iter().any(|p| given.refused.contains(*p))
    });
    problems.extend(failures.iter().map(|f| located(given, &out.sources, f)));
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The value a parameter takes when nobody gives one: the locale's, the computed, the declared.
fn default_of(
    m: &Manifest,
    p: &Param,
    locale: &Values,
    so_far: &Values,
) -> Result<Option<(Value, Source)>, String> {
    if let Some(v) = locale.get(&p.name) {
        return Ok(Some((v.clone(), Source::LocaleDefault)));
    }
    // Checked over the defaults at manifest load; it only fails here when an earlier value it
    // reads was refused (already reported), and then the declared default stands in.
    if let Some(e) = &p.default_from {
        if let Some(v) = expr::text(e, so_far)
            .ok()
            .and_then(|text| validate::from_text(p, &text).ok())
        {
            return Ok(Some((v, Source::Default)));
        }
    }
    match &p.default {
        Some(d) => validate::from_yaml(p, d)
            .map(|v| Some((v, Source::Default)))
            .map_err(|e| format!("{}: the default of `{}` is invalid: {e}", m.id, p.name)),
        None => Ok(None),
    }
}

/// A failed check as a line naming the source the user wrote: the first involved parameter
/// that is explicit (`--set`, preset line:col), else the defaults.
fn located(given: &Given, sources: &BTreeMap<String, Source>, f: &checks::Failure) -> String {
    let first = f.problem.param().unwrap_or_default().to_owned();
    let blamed = std::iter::once(first.clone())
        .chain(f.involved.iter().cloned())
        .find(|n| sources.get(n).is_some_and(|s| s.explicit()))
        .unwrap_or(first.clone());
    let problem = if blamed == first {
        f.problem.clone()
    } else {
        Problem {
            path: vec![Seg::Key(blamed.clone())],
            at_key: false,
            message: format!("{}", f.problem),
        }
    };
    match sources.get(&blamed) {
        Some(Source::Set) => set_line(&blamed, &problem),
        Some(Source::Preset) => match &given.preset_text {
            Some(pt) => {
                let e = preset::located(&pt.text, &problem);
                format!("{}:{}:{}: {}", pt.label, e.line, e.column, e.message)
            }
            None => problem.to_string(),
        },
        Some(Source::Prompt) => problem.to_string(),
        _ => format!("{problem} (from the defaults: set `{blamed}` with --set or in a preset)"),
    }
}
