//! The rule harness: every rule has `fixtures/rules/<ID>/valid.json` (no finding of that rule) and
//! `invalid.json` (at least one finding), and the invalid file's findings are snapshot-tested.
//! More cases sit beside them as `valid-<case>.json` / `invalid-<case>.json` (snapshot
//! `<ID>-<case>`); `flowgen rules ID` prints only the two main ones.
//! An `invalid.padding` file holding a number N appends N spaces (for size limits).

use std::path::PathBuf;

use super::{check, registry, Options, Outcome};

fn fixture_dir(id: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/rules")
        .join(id)
}

/// The fixture stems of one kind for a rule: `valid`, `valid-<case>`, … (sorted).
fn cases(id: &str, kind: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(fixture_dir(id))
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
                .filter(|n| n == kind || n.starts_with(&format!("{kind}-")))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn load(id: &str, kind: &str) -> String {
    let dir = fixture_dir(id);
    let path = dir.join(format!("{kind}.json"));
    let mut text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if let Ok(pad) = std::fs::read_to_string(dir.join(format!("{kind}.padding"))) {
        text.push_str(&" ".repeat(pad.trim().parse().expect("padding is a number")));
    }
    text
}

#[test]
fn every_rule_has_a_valid_and_an_invalid_fixture() {
    let missing: Vec<String> = registry::all()
        .flat_map(|r| ["valid", "invalid"].map(|k| (r.id, k)))
        .filter(|(id, k)| !fixture_dir(id).join(format!("{k}.json")).exists())
        .map(|(id, k)| format!("{id}/{k}.json"))
        .collect();
    assert!(missing.is_empty(), "rules without fixtures: {missing:#?}");
}

/// Lints a rule's fixture: the outcome and the findings of that rule.
fn run_case(id: &str, case: &str) -> (Outcome, Vec<crate::lint::Diagnostic>) {
    let outcome = check(&load(id, case), &Options::default());
    let hits = outcome
        .diagnostics()
        .iter()
        .filter(|d| d.rule == id)
        .cloned()
        .collect();
    (outcome, hits)
}

#[test]
fn valid_fixtures_do_not_trigger_their_rule() {
    for rule in registry::all() {
        for case in cases(rule.id, "valid") {
            let (outcome, hits) = run_case(rule.id, &case);
            assert!(
                hits.is_empty(),
                "{}/{case}: valid fixture triggers the rule: {hits:#?}",
                rule.id
            );
            assert!(
                matches!(outcome, Outcome::Checked(_)),
                "{}/{case}: valid fixture is not JSON",
                rule.id
            );
        }
    }
}

#[test]
fn invalid_fixtures_trigger_their_rule() {
    let mut failures = Vec::new();
    for rule in registry::all() {
        for case in cases(rule.id, "invalid") {
            let (outcome, hits) = run_case(rule.id, &case);
            if hits.is_empty() {
                failures.push(format!(
                    "{}/{case}: invalid fixture does not trigger the rule (got {:?})",
                    rule.id,
                    outcome.diagnostics()
                ));
                continue;
            }
            let name = match case.strip_prefix("invalid") {
                Some("") | None => rule.id.to_owned(),
                Some(suffix) => format!("{}{suffix}", rule.id),
            };
            insta::with_settings!({ snapshot_path => "../../fixtures/rules/snapshots", prepend_module_to_snapshot => false }, {
                insta::assert_json_snapshot!(name, hits);
            });
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_document_without_version_is_checked_as_the_latest_version() {
    // A valid 7.3 Flow using global references (4.0+) with its `version` removed: only the missing
    // version is reported, not "global references need 4.0" from rules about older versions.
    let mut flow: serde_json::Value =
        serde_json::from_str(&load("FJ-BIND-GLOBAL-FIELD", "valid")).unwrap();
    flow.as_object_mut().unwrap().remove("version");
    let outcome = check(&flow.to_string(), &Options::default());
    let rules: Vec<_> = outcome.diagnostics().iter().map(|d| d.rule).collect();
    assert_eq!(rules, ["FJ-VERSION-PRESENT"]);
}

/// Two rules reporting the same pointer that are allowed to: distinct problems that happen to
/// sit on one value. (rule, rule or `*`, why). Everything else at one pointer is one problem
/// reported twice, and the rules' scopes must be fixed so that one of them owns it.
const SAME_SPOT: &[(&str, &str, &str)] = &[
    (
        "FJ-BIND-DATA-DECLARED",
        "*",
        "an undeclared field, and something else wrong with the value holding it",
    ),
    (
        "FJ-ACTION-ALLOWED",
        "FJ-ACTION-SELECT-SHAPE",
        "an action without `name` and without `payload`: two keys to add",
    ),
    (
        "FJ-COMP-MIN-MAX",
        "FJ-COMP-RANGES",
        "a fractional minimum that also exceeds the maximum",
    ),
];

fn same_spot_allowed(a: &str, b: &str) -> bool {
    let hit = |rule: &str, pattern: &str| pattern == "*" || pattern == rule;
    SAME_SPOT
        .iter()
        .any(|(x, y, _)| (hit(a, x) && hit(b, y)) || (hit(b, x) && hit(a, y)))
}

/// The pairs of rules reporting one pointer of `text` that [`SAME_SPOT`] does not allow.
fn double_reports(text: &str) -> Vec<String> {
    let outcome = check(text, &Options::default());
    let mut by_pointer: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for d in outcome.diagnostics() {
        let rules = by_pointer.entry(d.pointer.as_str()).or_default();
        if !rules.contains(&d.rule) {
            rules.push(d.rule);
        }
    }
    let mut out = Vec::new();
    for (pointer, rules) in by_pointer {
        for (i, a) in rules.iter().enumerate() {
            for b in &rules[i + 1..] {
                if !same_spot_allowed(a, b) {
                    out.push(format!("{a} and {b} both at '{pointer}'"));
                }
            }
        }
    }
    out
}

/// Every fixture, plus the scenarios of `fixtures/overlaps/` (each a known case where one cause
/// used to produce several findings): no pointer gets findings from two rules unless
/// [`SAME_SPOT`] allows the pair. The scenarios' full findings are snapshot-tested.
#[test]
fn one_problem_one_finding() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in [root.join("overlaps")]
        .into_iter()
        .chain(registry::all().map(|r| fixture_dir(r.id)))
    {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        found.retain(|p| p.extension().is_some_and(|x| x == "json"));
        found.sort();
        files.extend(found);
    }
    let mut problems = Vec::new();
    for path in &files {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for p in double_reports(&text) {
            problems.push(format!("{}: {p}", path.display()));
        }
        if path.parent().is_some_and(|p| p.ends_with("overlaps")) {
            let outcome = check(&text, &Options::default());
            let name = format!(
                "overlap-{}",
                path.file_stem().unwrap_or_default().to_string_lossy()
            );
            insta::with_settings!({ snapshot_path => "../../fixtures/overlaps/snapshots", prepend_module_to_snapshot => false }, {
                insta::assert_json_snapshot!(name, outcome.diagnostics());
            });
        }
    }
    assert!(
        problems.is_empty(),
        "one problem reported by two rules:\n{}",
        problems.join("\n")
    );
}

/// JSON pointers of every component object below `list` (a `children`/`then`/`else`/case array).
fn component_pointers(doc: &serde_json::Value, list: &str, out: &mut Vec<String>) {
    let Some(items) = doc.pointer(list).and_then(|l| l.as_array()) else {
        return;
    };
    for (i, c) in items.iter().enumerate() {
        let Some(members) = c.as_object() else {
            continue;
        };
        let at = format!("{list}/{i}");
        out.push(at.clone());
        for key in ["children", "then", "else"] {
            component_pointers(doc, &format!("{at}/{key}"), out);
        }
        for case in members
            .get("cases")
            .and_then(|c| c.as_object())
            .into_iter()
            .flatten()
        {
            let key = crate::flow::json::escape_pointer(case.0);
            component_pointers(doc, &format!("{at}/cases/{key}"), out);
        }
    }
}

/// Every property of every component of every valid fixture, replaced by values of another kind
/// (wrong JSON types, a blank, a mixed text, a dangling reference, an expression; two per
/// property, taking turns so that every kind meets every property kind across the fixtures):
/// whatever the mistake, no pointer is reported by two rules outside [`SAME_SPOT`].
#[test]
fn one_problem_one_finding_under_mutation() {
    use serde_json::{json, Value};
    let replacements = [
        json!(5),
        json!(1.5),
        json!(true),
        json!(null),
        json!([]),
        json!({}),
        json!(""),
        json!("true"),
        json!("x ${data.nope} y"),
        json!("${data.nope}"),
        json!("`1 + 1`"),
    ];
    let mut problems = Vec::new();
    let mut checked = 0;
    for rule in registry::all() {
        let Ok(mut doc) = serde_json::from_str::<Value>(&load(rule.id, "valid")) else {
            continue;
        };
        let screens = doc
            .get("screens")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let mut components = Vec::new();
        for s in 0..screens {
            component_pointers(
                &doc,
                &format!("/screens/{s}/layout/children"),
                &mut components,
            );
        }
        let mut sites = Vec::new();
        for c in &components {
            for key in doc
                .pointer(c)
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|o| o.keys())
            {
                if key != "type" {
                    sites.push(format!("{c}/{}", crate::flow::json::escape_pointer(key)));
                }
            }
        }
        for at in &sites {
            let Some(original) = doc.pointer(at).cloned() else {
                continue;
            };
            let turn = checked / 2;
            for r in [turn, turn + 5].map(|i| &replacements[i % replacements.len()]) {
                if let Some(slot) = doc.pointer_mut(at) {
                    *slot = r.clone();
                }
                checked += 1;
                for p in double_reports(&doc.to_string()) {
                    problems.push(format!("{}: {at} = {r}: {p}", rule.id));
                }
            }
            if let Some(slot) = doc.pointer_mut(at) {
                *slot = original;
            }
        }
    }
    assert!(checked > 2000, "only {checked} mutations");
    assert!(
        problems.is_empty(),
        "one problem reported by two rules ({} cases):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
