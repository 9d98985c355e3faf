//! Real-world Flow JSON files must produce exactly the findings §9 of the spec documents
//! (`shared/spec/flow-json.md`, "Where real files deviate") and nothing else.
//!
//! The files live in the shared folder next to the workspace (`<workspace>/../shared`, or the
//! folder named by `FLOWGEN_SHARED`): `corpus/*.json`, `meta-templates/*.json` and
//! `meta-templates/stripped/*.json`. Without that folder the tests print why and pass, except
//! on CI (the `CI` environment variable is set, as `.ci/run` and GitHub Actions do): there a
//! missing corpus fails the tests, so a broken checkout cannot pass them silently.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use flowgen::lint::{self, Options};

const W: &str = "warning";
const E: &str = "error";

/// One documented finding: (rule, severity, pointer).
type Finding = (&'static str, &'static str, &'static str);

/// A file, its Flow JSON version and whether it is an endpoint flow with `data_api_version` "3.0",
/// and the findings §9 lists for it. The version-driven findings (FJ-VERSION-PUBLISHABLE for
/// 2.1–5.0, FJ-VERSION-RECOMMENDED for 5.1–7.2, FJ-DAPI-RECOMMENDED for a 7.3 endpoint flow on
/// 3.0) are added by [`expected`].
struct Entry {
    file: &'static str,
    version: &'static str,
    dapi_3: bool,
    findings: &'static [Finding],
}

const TERMINAL: &str = "FJ-ROUTE-ENDS-AT-TERMINAL";
const TEXT: &str = "FJ-COMP-TEXT-LIMITS";

const MISINGO_PAYLOAD: &str = "/screens/3/layout/children/0/children/2/on-click-action/payload/";
const MISINGO_KEYS: &[&str] = &[
    "jina_la_kwanza",
    "jina_la_kati",
    "jina_la_mwisho",
    "jinsia",
    "namba_ya_simu",
    "uraia",
    "nchi",
    "mkoa",
    "kutoka",
    "kwenda",
    "tarehe_ya_safari",
    "idadi_ya_wasafiri",
];

#[rustfmt::skip]
const TABLE: &[Entry] = &[
    // §9.2 corpus
    Entry { file: "corpus/8x8Cloud__public-developer-docs__whatsapp-flows-examples-healthcare.json", version: "7.2", dapi_3: false, findings: &[
        (TEXT, W, "/screens/0/layout/children/2/children/1/data-source/1/title"),
        (TEXT, W, "/screens/0/layout/children/2/children/1/data-source/2/title"),
    ] },
    Entry { file: "corpus/8x8Cloud__public-developer-docs__whatsapp-flows-examples-professional-services.json", version: "7.2", dapi_3: false, findings: &[
        ("FJ-COMP-PROPS", E, "/screens/2/layout/children/2/children/1/required"),
        // Not in the spec's deviation list, but a real break of rule 105: a PhotoPicker value in a
        // navigate payload (the Builder refuses it too).
        ("FJ-PICKER-NOT-IN-NAVIGATE", E, "/screens/2/layout/children/2/children/3/on-click-action/payload/problem_photo"),
    ] },
    Entry { file: "corpus/8x8Cloud__public-developer-docs__whatsapp-flows-examples-sales.json", version: "7.2", dapi_3: false, findings: &[
        (TEXT, W, "/screens/2/layout/children/2/children/1/label"),
        (TEXT, W, "/screens/3/layout/children/2/children/1/label"),
        (TEXT, W, "/screens/2/layout/children/2/children/2/label"),
    ] },
    Entry { file: "corpus/Agusioma__WhatsApp-Flows-Templates__appointment_flow.json", version: "3.0", dapi_3: false, findings: &[] },
    Entry { file: "corpus/WhatsApp__WhatsApp-Flows-Tools__agent-connect.json", version: "3.1", dapi_3: false, findings: &[] },
    Entry { file: "corpus/WhatsApp__WhatsApp-Flows-Tools__contact-us.json", version: "3.1", dapi_3: false, findings: &[] },
    Entry { file: "corpus/WhatsApp__WhatsApp-Flows-Tools__survey.json", version: "3.1", dapi_3: false, findings: &[] },
    Entry { file: "corpus/david-lev__pywa__flows_2_1_examples__book_a_table.json", version: "2.1", dapi_3: true, findings: &[
        (TERMINAL, W, "/screens/3"),
    ] },
    Entry { file: "corpus/david-lev__pywa__flows_2_1_examples__customer_satisfaction_survey.json", version: "2.1", dapi_3: false, findings: &[] },
    Entry { file: "corpus/david-lev__pywa__flows_2_1_examples__get_a_quote.json", version: "2.1", dapi_3: true, findings: &[
        (TERMINAL, W, "/screens/3"),
    ] },
    Entry { file: "corpus/david-lev__pywa__flows_2_1_examples__sign_in.json", version: "2.1", dapi_3: true, findings: &[
        (TEXT, W, "/screens/0/layout/children/0/children/2/text"),
        (TERMINAL, W, "/screens/1"),
        (TERMINAL, W, "/screens/3"),
    ] },
    Entry { file: "corpus/david-lev__pywa__flows_4_0_examples__doc_picker.json", version: "4.0", dapi_3: true, findings: &[] },
    Entry { file: "corpus/david-lev__pywa__flows_4_0_examples__if.json", version: "4.0", dapi_3: false, findings: &[] },
    Entry { file: "corpus/david-lev__pywa__flows_4_0_examples__photo_picker.json", version: "4.0", dapi_3: true, findings: &[] },
    Entry { file: "corpus/david-lev__pywa__flows_4_0_examples__switch.json", version: "4.0", dapi_3: false, findings: &[] },
    Entry { file: "corpus/david-lev__pywa__flows_5_0_examples__radio_buttons_with_pics.json", version: "5.0", dapi_3: false, findings: &[] },
    Entry { file: "corpus/david-lev__pywa__flows_5_1_examples__rich_text.json", version: "5.1", dapi_3: false, findings: &[
        (TERMINAL, W, "/screens/1"),
    ] },
    Entry { file: "corpus/david-lev__pywa__flows_6_0_examples__math_operators.json", version: "6.0", dapi_3: false, findings: &[] },
    Entry { file: "corpus/david-lev__pywa__flows_6_0_examples__open_url.json", version: "6.0", dapi_3: false, findings: &[] },
    Entry { file: "corpus/david-lev__pywa__flows_6_0_examples__update_data.json", version: "6.0", dapi_3: false, findings: &[] },
    Entry { file: "corpus/david-lev__pywa__flows_6_1_examples__calendar_picker_range_mode.json", version: "6.1", dapi_3: true, findings: &[] },
    Entry { file: "corpus/david-lev__pywa__flows_6_2_examples__navigation_list_dynamic.json", version: "6.2", dapi_3: true, findings: &[] },
    Entry { file: "corpus/david-lev__pywa__flows_6_2_examples__regex.json", version: "6.2", dapi_3: false, findings: &[] },
    Entry { file: "corpus/david-lev__pywa__flows_6_3_examples__chips_selector.json", version: "6.3", dapi_3: false, findings: &[] },
    Entry { file: "corpus/david-lev__pywa__flows_7_1_examples__image_carousel.json", version: "7.1", dapi_3: false, findings: &[] },
    // FJ-BIND-SYNTAX on every `${screen.ID.field}` of the BOTI Footer payload: added by `expected`.
    Entry { file: "corpus/misingo255__whatsapp-flows-template__azam_marines_flow.json", version: "4.0", dapi_3: false, findings: &[] },
    Entry { file: "corpus/tacafricamain__auto-whatsapp-airtime-purchase__whatsapp.json", version: "6.0", dapi_3: true, findings: &[
        // Not in §9 (the spec predates the rule): "Network: ${data.network}" and its siblings
        // mix a literal with an un-backticked reference, which WhatsApp shows as written. Only
        // a warning: the Builder accepts it.
        ("FJ-BIND-MIX-LITERAL", W, "/screens/1/layout/children/1/text"),
        ("FJ-BIND-MIX-LITERAL", W, "/screens/1/layout/children/2/text"),
        ("FJ-BIND-MIX-LITERAL", W, "/screens/1/layout/children/3/text"),
    ] },
    Entry { file: "corpus/treble-ai__whatsapp-flows-example__flow.json", version: "7.0", dapi_3: true, findings: &[
        ("FJ-BIND-DATA-DECLARED", W, "/screens/0/layout/children/1/init-values"),
    ] },
    // §9.1 Meta's templates (and their stripped copies)
    Entry { file: "meta-templates/insurance-quote.json", version: "7.3", dapi_3: true, findings: &[] },
    Entry { file: "meta-templates/personalised-offer.json", version: "7.3", dapi_3: true, findings: &[] },
    Entry { file: "meta-templates/pre-approved-loan.json", version: "7.3", dapi_3: true, findings: &[] },
    Entry { file: "meta-templates/purchase-intent.json", version: "7.3", dapi_3: false, findings: &[
        (TERMINAL, W, "/screens/2"),
    ] },
    Entry { file: "meta-templates/purchase-intent.v7_2.json", version: "7.2", dapi_3: false, findings: &[
        (TERMINAL, W, "/screens/2"),
    ] },
    Entry { file: "meta-templates/stripped/insurance-quote.json", version: "7.3", dapi_3: true, findings: &[] },
    Entry { file: "meta-templates/stripped/personalised-offer.json", version: "7.3", dapi_3: true, findings: &[] },
    Entry { file: "meta-templates/stripped/pre-approved-loan.json", version: "7.3", dapi_3: true, findings: &[] },
    Entry { file: "meta-templates/stripped/purchase-intent.json", version: "7.3", dapi_3: false, findings: &[
        (TERMINAL, W, "/screens/2"),
    ] },
];

type Set = BTreeSet<(String, String, String)>;

fn is_frozen(version: &str) -> bool {
    matches!(version, "2.1" | "3.0" | "3.1" | "4.0" | "5.0")
}

/// The full expected set for one entry (§9 plus the version-driven findings).
fn expected(entry: &Entry, for_publish: bool) -> Set {
    let mut set: Set = entry
        .findings
        .iter()
        .map(|(r, s, p)| (r.to_string(), s.to_string(), p.to_string()))
        .collect();
    let mut add = |r: &str, s: &str, p: &str| set.insert((r.into(), s.into(), p.into()));
    if is_frozen(entry.version) {
        add(
            "FJ-VERSION-PUBLISHABLE",
            if for_publish { E } else { W },
            "/version",
        );
    }
    if entry.version != "7.3" && !is_frozen(entry.version) {
        add("FJ-VERSION-RECOMMENDED", W, "/version");
    }
    if entry.version == "7.3" && entry.dapi_3 {
        add("FJ-DAPI-RECOMMENDED", W, "/data_api_version");
    }
    if entry.file.starts_with("corpus/misingo255__") {
        for key in MISINGO_KEYS {
            add("FJ-BIND-SYNTAX", E, &format!("{MISINGO_PAYLOAD}{key}"));
        }
    }
    set
}

fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("FLOWGEN_SHARED") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    };
    if dir.join("corpus").is_dir() {
        return Some(dir);
    }
    let why = format!(
        "no shared corpus at {} (set FLOWGEN_SHARED to the shared folder)",
        dir.display()
    );
    assert!(
        !on_ci(),
        "{why}; on CI (CI is set) the corpus must be there"
    );
    eprintln!("skipped: {why}");
    None
}

/// True on a CI runner: `CI` is set to anything but an empty string, "0" or "false".
fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// Every `*.json` of the three folders, as paths relative to the shared folder.
fn files(shared: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for sub in ["corpus", "meta-templates", "meta-templates/stripped"] {
        let Ok(entries) = std::fs::read_dir(shared.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".json") && e.path().is_file() {
                out.push(format!("{sub}/{name}"));
            }
        }
    }
    out.sort();
    out
}

fn actual(text: &str, options: &Options) -> Set {
    lint::check(text, options)
        .diagnostics()
        .iter()
        .map(|d| {
            (
                d.rule.to_string(),
                d.severity.to_string(),
                d.pointer.clone(),
            )
        })
        .collect()
}

fn show(set: &Set) -> String {
    set.iter()
        .map(|(r, s, p)| format!("\n      {r} {s} {p}"))
        .collect()
}

fn compare(for_publish: bool, filter: &dyn Fn(&(String, String, String)) -> bool) {
    let Some(shared) = shared_dir() else { return };
    let table: BTreeMap<&str, &Entry> = TABLE.iter().map(|e| (e.file, e)).collect();
    let options = Options {
        for_publish,
        ..Options::default()
    };
    let mut problems = Vec::new();
    let found = files(&shared);
    for file in &found {
        let Some(entry) = table.get(file.as_str()) else {
            problems.push(format!("{file}: not in the expected table"));
            continue;
        };
        let text = match std::fs::read_to_string(shared.join(file)) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{file}: {e}"));
                continue;
            }
        };
        let version = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("version").and_then(|v| v.as_str()).map(str::to_owned));
        if version.as_deref() != Some(entry.version) {
            problems.push(format!(
                "{file}: version {version:?}, table says {}",
                entry.version
            ));
        }
        let want: Set = expected(entry, for_publish)
            .into_iter()
            .filter(|f| filter(f))
            .collect();
        let got: Set = actual(&text, &options)
            .into_iter()
            .filter(|f| filter(f))
            .collect();
        if want != got {
            let missing: Set = want.difference(&got).cloned().collect();
            let extra: Set = got.difference(&want).cloned().collect();
            let mut p = format!("{file}:");
            if !missing.is_empty() {
                p += &format!("\n    missing:{}", show(&missing));
            }
            if !extra.is_empty() {
                p += &format!("\n    unexpected:{}", show(&extra));
            }
            problems.push(p);
        }
    }
    for entry in TABLE {
        if !found.iter().any(|f| f == entry.file) {
            problems.push(format!(
                "{}: in the expected table but not in {}",
                entry.file,
                shared.display()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} file(s) differ from spec §9:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// Exactly the documented findings, no more, no less.
#[test]
fn real_files_get_exactly_the_documented_findings() {
    compare(false, &|_| true);
}

/// With `--for-publish`, the frozen versions (2.1–5.0) cannot be published: FJ-VERSION-PUBLISHABLE
/// becomes an error on exactly those files.
#[test]
fn for_publish_makes_frozen_versions_an_error() {
    compare(true, &|(rule, _, _)| rule == "FJ-VERSION-PUBLISHABLE");
    if shared_dir().is_none() {
        return;
    }
    // And the frozen files are the 14 corpus files §9 counts.
    let frozen = TABLE
        .iter()
        .filter(|e| e.file.starts_with("corpus/") && is_frozen(e.version))
        .count();
    assert_eq!(
        frozen, 14,
        "spec §9 counts 14 corpus files with Flow JSON 2.1–5.0"
    );
}
