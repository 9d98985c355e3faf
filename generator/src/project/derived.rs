//! Whether a generated project's derived files still say what its flow.json and answers say:
//! `endpoint/<lang>/contract.json` must be the contract of flow.json, and `config.json` must hold
//! the recorded answers (a screen renamed in flow.json otherwise passes the linter and the stub's
//! own tests while the contract still names the old screen). `flowgen validate DIR` calls
//! [`check`] once per project directory; `flowgen update` is the fix.

use std::path::Path;

use serde_json::Value;

use super::answers::{self, Answers};
use crate::contract::Contract;
use crate::flow::json::{self as fjson, LineIndex, Node};
use crate::flow::Flow;
use crate::lint::{self, Diagnostic, Severity};

/// The rule id of a stale derived file.
pub const RULE: &str = "FLOWGEN-DERIVED-STALE";

/// One stale derived file: its path (as given, under `dir`), its text and the finding.
#[derive(Debug)]
pub struct Finding {
    pub path: String,
    pub text: String,
    pub diagnostic: Diagnostic,
}

/// Checks the derived files of the project in `dir` (nothing when `dir` is not a flowgen project,
/// has no endpoint, or its flow.json does not lint: the linter reports that first).
pub fn check(dir: &Path) -> Vec<Finding> {
    if !answers::is_project(dir) {
        return Vec::new();
    }
    let Ok((answers, _)) = Answers::read(dir) else {
        return Vec::new();
    };
    if answers.endpoint == "none" {
        return Vec::new();
    }
    let Ok(flow_text) = std::fs::read_to_string(dir.join("flow.json")) else {
        return Vec::new();
    };
    let Ok(document) = lint::parse(&flow_text) else {
        return Vec::new();
    };
    let diagnostics = lint::check_document(&flow_text, &document, &lint::Options::default());
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Vec::new();
    }
    let contract = Contract::from_flow(&Flow::new(&document.root, None));
    let contract = serde_json::to_value(&contract).unwrap_or(Value::Null);
    let stub = dir.join("endpoint").join(&answers.endpoint);
    let mut findings = Vec::new();
    let expect = |file: &str, expected: &Value, what: &str, findings: &mut Vec<Finding>| {
        let path = stub.join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            return;
        };
        let Ok(actual) = serde_json::from_str::<Value>(&text) else {
            findings.push(finding(&path, text, String::new(), what, dir));
            return;
        };
        if let Some(pointer) = first_difference(expected, &actual, String::new()) {
            findings.push(finding(&path, text, pointer, what, dir));
        }
    };
    expect(
        "contract.json",
        &contract,
        "the contract of flow.json",
        &mut findings,
    );
    let mut config = serde_json::Map::new();
    config.insert("use_case".into(), answers.use_case.clone().into());
    config.insert("locale".into(), answers.locale.clone().into());
    let currency = answers.answers.get("currency").cloned();
    config.insert("currency".into(), currency.unwrap_or(Value::Null));
    config.insert("flow_version".into(), answers.flow_version.clone().into());
    config.insert(
        "data_api_version".into(),
        answers.data_api_version.clone().into(),
    );
    config.insert("params".into(), Value::Object(answers.answers.clone()));
    // The `text` messages come from the templates' catalogs: `update --check` covers those.
    if let Ok(text) = std::fs::read_to_string(stub.join("config.json")) {
        if let Ok(Value::Object(mut actual)) = serde_json::from_str::<Value>(&text) {
            actual.remove("text");
            if let Some(pointer) = first_difference(
                &Value::Object(config),
                &Value::Object(actual),
                String::new(),
            ) {
                findings.push(finding(
                    &stub.join("config.json"),
                    text,
                    pointer,
                    "the answers in .flowgen/answers.yaml",
                    dir,
                ));
            }
        }
    }
    findings
}

fn finding(path: &Path, text: String, pointer: String, what: &str, dir: &Path) -> Finding {
    let (line, column, span) = position(&text, &pointer);
    let end_column = match text.get(span.clone()) {
        Some(t) if !t.contains('\n') => column + t.chars().count(),
        _ => column + 1,
    };
    let file = path
        .strip_prefix(dir)
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    Finding {
        path: path.display().to_string(),
        diagnostic: Diagnostic {
            rule: RULE,
            severity: Severity::Error,
            message: format!(
                "{file} does not match {what}{}",
                if pointer.is_empty() {
                    String::new()
                } else {
                    format!(" (first difference at {pointer})")
                }
            ),
            pointer,
            line,
            column,
            end_column,
            span,
            related: Vec::new(),
            help: format!(
                "it is derived, never edited by hand: run `flowgen update {}` to re-derive it",
                dir.display()
            ),
        },
        text,
    }
}

/// The RFC 6901 pointer of the first place where `actual` differs from `expected`.
fn first_difference(expected: &Value, actual: &Value, at: String) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let here = format!("{at}/{}", fjson::escape_pointer(k));
                match a.get(k) {
                    Some(av) => {
                        if let Some(p) = first_difference(ev, av, here) {
                            return Some(p);
                        }
                    }
                    None => return Some(at),
                }
            }
            a.keys()
                .find(|k| !e.contains_key(*k))
                .map(|k| format!("{at}/{}", fjson::escape_pointer(k)))
        }
        (Value::Array(e), Value::Array(a)) => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                if let Some(p) = first_difference(ev, av, format!("{at}/{i}")) {
                    return Some(p);
                }
            }
            (e.len() != a.len()).then_some(at)
        }
        _ => (expected != actual).then_some(at),
    }
}

/// 1-based line:column and the byte span of the node at `pointer` (or of the deepest node on
/// its way).
fn position(text: &str, pointer: &str) -> (usize, usize, std::ops::Range<usize>) {
    let Ok(doc) = fjson::parse(text) else {
        return (1, 1, 0..0);
    };
    let mut node: &Node = &doc.root;
    for segment in pointer.split('/').skip(1) {
        let key = segment.replace("~1", "/").replace("~0", "~");
        let next = match node.as_array() {
            Some(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
            None => node.get(&key),
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    let (line, column) = LineIndex::new(text).line_col(node.start);
    (line, column, node.start as usize..node.end as usize)
}
