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

#[test]
fn valid_fixtures_do_not_trigger_their_rule() {
    for rule in registry::all() {
        for case in cases(rule.id, "valid") {
            let text = load(rule.id, &case);
            let outcome = check(&text, &Options::default());
            let hits: Vec<_> = outcome
                .diagnostics()
                .iter()
                .filter(|d| d.rule == rule.id)
                .collect();
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
            let text = load(rule.id, &case);
            let outcome = check(&text, &Options::default());
            let hits: Vec<_> = outcome
                .diagnostics()
                .iter()
                .filter(|d| d.rule == rule.id)
                .cloned()
                .collect();
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
/// sit on one value. (rule, rule, why). Everything else at one pointer is one problem reported
/// twice, and the rules' scopes must be fixed so that one of them owns it.
const SAME_SPOT: &[(&str, &str, &str)] = &[];

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
        let outcome = check(&text, &Options::default());
        let mut by_pointer: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for d in outcome.diagnostics() {
            let rules = by_pointer.entry(d.pointer.as_str()).or_default();
            if !rules.contains(&d.rule) {
                rules.push(d.rule);
            }
        }
        for (pointer, rules) in by_pointer {
            for (i, a) in rules.iter().enumerate() {
                for b in &rules[i + 1..] {
                    let allowed = SAME_SPOT
                        .iter()
                        .any(|(x, y, _)| (x, y) == (a, b) || (x, y) == (b, a));
                    if !allowed {
                        problems.push(format!(
                            "{}: {a} and {b} both at '{pointer}'",
                            path.display()
                        ));
                    }
                }
            }
        }
        if path.parent().is_some_and(|p| p.ends_with("overlaps")) {
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
