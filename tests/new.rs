//! End-to-end tests of `flowgen new`, `list`, `params` and `schema` against the built binary.

use std::path::Path;

use flowgen_e2e::{fixture_templates, flowgen, presets, tempdir, tree, use_cases};

fn assert_empty(dir: &Path) {
    let left: Vec<String> = std::fs::read_dir(dir)
        .expect("read")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.is_empty(), "expected nothing written, found {left:?}");
}

#[test]
fn every_use_case_scaffolds_with_no_input_and_validates() {
    let ucs = use_cases();
    assert!(!ucs.is_empty(), "no use cases under templates/");
    for uc in ucs {
        let tmp = tempdir();
        let r = flowgen(tmp.path(), &["new", &uc, "out", "--no-input"]);
        assert_eq!(r.code, 0, "{uc}: {}", r.stderr);
        let out = tmp.path().join("out");
        for f in [
            "flow.json",
            ".flowgen/answers.yaml",
            ".flowgen/base/flow.json",
        ] {
            assert!(out.join(f).is_file(), "{uc}: {f} missing");
        }
        let v = flowgen(&out, &["validate", "--for-publish", "flow.json"]);
        assert_eq!(
            v.code, 0,
            "{uc}: generated flow.json does not validate:\n{}",
            v.stdout
        );
        let answers: serde_yaml::Value = serde_yaml::from_str(
            &std::fs::read_to_string(out.join(".flowgen/answers.yaml")).unwrap(),
        )
        .unwrap();
        assert_eq!(answers["use_case"].as_str(), Some(uc.as_str()));
        assert!(answers["answers"].is_mapping());
        let flow = std::fs::read(out.join("flow.json")).unwrap();
        assert_eq!(
            flow,
            std::fs::read(out.join(".flowgen/base/flow.json")).unwrap()
        );
    }
}

#[test]
fn every_preset_scaffolds() {
    for uc in use_cases() {
        for preset in presets(&uc) {
            let tmp = tempdir();
            let r = flowgen(
                tmp.path(),
                &[
                    "new",
                    &uc,
                    "out",
                    "--no-input",
                    "--preset",
                    preset.to_str().unwrap(),
                ],
            );
            assert_eq!(r.code, 0, "{uc} with {}: {}", preset.display(), r.stderr);
        }
    }
}

#[test]
fn output_is_deterministic() {
    for uc in use_cases() {
        let a = tempdir();
        let b = tempdir();
        assert_eq!(flowgen(a.path(), &["new", &uc, "p", "--no-input"]).code, 0);
        assert_eq!(flowgen(b.path(), &["new", &uc, "p", "--no-input"]).code, 0);
        assert_eq!(
            tree(&a.path().join("p")),
            tree(&b.path().join("p")),
            "{uc}: two runs differ"
        );
    }
}

fn preset_error(yaml: &str, expected: &[&str]) {
    let tmp = tempdir();
    let preset = tmp.path().join("preset.yaml");
    std::fs::write(&preset, yaml).unwrap();
    let work = tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let r = flowgen(
        &work,
        &[
            "new",
            "mini",
            "out",
            "--no-input",
            "--templates",
            fixture_templates().to_str().unwrap(),
            "--preset",
            preset.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    for e in expected {
        assert!(r.stderr.contains(e), "expected {e:?} in:\n{}", r.stderr);
    }
    assert_empty(&work);
}

#[test]
fn preset_unknown_key_names_line_col_and_suggests() {
    preset_error(
        "shop_code: ABC\nbrnad: Acme\n",
        &[
            "preset.yaml:2:1:",
            "unknown parameter `brnad`",
            "did you mean `brand`?",
        ],
    );
}

#[test]
fn preset_wrong_type_names_line_col() {
    preset_error(
        "shop_code: ABC\nseats: many\n",
        &["preset.yaml:2:8:", "`seats`", "expected a whole number"],
    );
}

#[test]
fn preset_over_limit_names_line_col() {
    preset_error(
        "shop_code: ABC\nseats: 12\n",
        &["preset.yaml:2:8:", "over the maximum of 9"],
    );
    let long = "x".repeat(31);
    preset_error(
        &format!("shop_code: ABC\nbrand: {long}\n"),
        &["preset.yaml:2:8:", "31 characters, over the limit of 30"],
    );
    preset_error(
        "shop_code: abcd\n",
        &["preset.yaml:1:12:", "does not match the pattern"],
    );
}

#[test]
fn preset_live_binding_is_refused() {
    preset_error(
        "shop_code: ABC\nbrand: 'Hi ${data.name}'\n",
        &["preset.yaml:2:8:", "live data binding"],
    );
    preset_error("shop_code: ABC\nbrand: '`1 + 1`'\n", &["backticks"]);
}

#[test]
fn required_parameter_without_value_names_flag_and_key() {
    let tmp = tempdir();
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "mini",
            "out",
            "--no-input",
            "--templates",
            fixture_templates().to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`shop_code`")
            && r.stderr.contains("--set shop_code=VALUE")
            && r.stderr.contains("`shop_code:` to the preset"),
        "{}",
        r.stderr
    );
    assert_empty(tmp.path());
    let ok = flowgen(
        tmp.path(),
        &[
            "new",
            "tiny",
            "out",
            "--no-input",
            "--templates",
            fixture_templates().to_str().unwrap(),
            "--set",
            "shop_code=XYZ",
        ],
    );
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(std::fs::read_to_string(tmp.path().join("out/flow.json"))
        .unwrap()
        .contains("XYZ / 2"));
}

#[test]
fn set_beats_preset_beats_default() {
    let tmp = tempdir();
    let preset = tmp.path().join("p.yaml");
    std::fs::write(&preset, "shop_code: ABC\nbrand: From Preset\nseats: 3\n").unwrap();
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "mini",
            "out",
            "--no-input",
            "--templates",
            fixture_templates().to_str().unwrap(),
            "--preset",
            "p.yaml",
            "--set",
            "seats=5",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let flow = std::fs::read_to_string(tmp.path().join("out/flow.json")).unwrap();
    assert!(
        flow.contains("\"From Preset\"") && flow.contains("ABC / 5"),
        "{flow}"
    );
}

#[test]
fn bad_set_is_a_usage_error() {
    let tmp = tempdir();
    let t = fixture_templates();
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "mini",
            "--no-input",
            "--templates",
            t.to_str().unwrap(),
            "--set",
            "shop_cod=ABC",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `shop_code`?"),
        "{}",
        r.stderr
    );
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "mini",
            "--no-input",
            "--templates",
            t.to_str().unwrap(),
            "--set",
            "shop_code=ABC",
            "--set",
            "seats=0",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("--set seats: 0 is under the minimum of 1"),
        "{}",
        r.stderr
    );
    assert_empty(tmp.path());
}

#[test]
fn non_empty_dir_is_refused_without_force() {
    let uc = &use_cases()[0];
    let tmp = tempdir();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("mine.txt"), "keep me").unwrap();
    let r = flowgen(tmp.path(), &["new", uc, "out", "--no-input"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("not empty") && r.stderr.contains("--force"),
        "{}",
        r.stderr
    );
    assert_eq!(tree(&out).len(), 1);
    let r = flowgen(tmp.path(), &["new", uc, "out", "--no-input", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(out.join("mine.txt")).unwrap(),
        "keep me"
    );
    assert!(out.join("flow.json").is_file());
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn empty_existing_dir_is_used() {
    let uc = &use_cases()[0];
    let tmp = tempdir();
    std::fs::create_dir(tmp.path().join("out")).unwrap();
    let r = flowgen(tmp.path(), &["new", uc, "out", "--no-input"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(tmp.path().join("out/flow.json").is_file());
}

#[test]
fn dry_run_writes_nothing() {
    for uc in use_cases() {
        let tmp = tempdir();
        let r = flowgen(tmp.path(), &["new", &uc, "out", "--no-input", "--dry-run"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stdout.contains("flow.json") && r.stdout.contains("answers.yaml"),
            "{}",
            r.stdout
        );
        assert_empty(tmp.path());
    }
}

#[test]
fn without_a_tty_it_says_it_will_not_prompt() {
    let uc = &use_cases()[0];
    let tmp = tempdir();
    let r = flowgen(tmp.path(), &["new", uc, "out"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("not a terminal"), "{}", r.stderr);
}

#[test]
fn unknown_endpoint_language_is_a_usage_error() {
    let uc = &use_cases()[0];
    let tmp = tempdir();
    let r = flowgen(tmp.path(), &["new", uc, "--no-input", "--endpoint", "java"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("[possible values: node, python, rust, none]"),
        "{}",
        r.stderr
    );
    assert!(!tmp.path().join(uc).exists(), "nothing may be written");
}

#[test]
fn flow_version_outside_the_template_range_is_refused() {
    let tmp = tempdir();
    let t = fixture_templates();
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "mini",
            "--no-input",
            "--templates",
            t.to_str().unwrap(),
            "--set",
            "shop_code=ABC",
            "--flow-version",
            "5.1",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("supports Flow JSON 6.0 to 7.3"),
        "{}",
        r.stderr
    );
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "mini",
            "o",
            "--no-input",
            "--templates",
            t.to_str().unwrap(),
            "--set",
            "shop_code=ABC",
            "--flow-version",
            "6.0",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(tmp.path().join("o/flow.json"))
        .unwrap()
        .contains("\"version\": \"6.0\""));
}

#[test]
fn unknown_use_case_and_locale_suggest() {
    let tmp = tempdir();
    let r = flowgen(tmp.path(), &["new", "lon-offer", "--no-input"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean"), "{}", r.stderr);
    let uc = &use_cases()[0];
    let r = flowgen(tmp.path(), &["new", uc, "--no-input", "--locale", "xx_YY"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--locale"), "{}", r.stderr);
    assert_empty(tmp.path());
}

#[test]
fn list_params_and_schema() {
    let tmp = tempdir();
    let r = flowgen(tmp.path(), &["list"]);
    assert_eq!(r.code, 0);
    for uc in use_cases() {
        assert!(
            r.stdout.lines().any(|l| l.starts_with(&uc)),
            "{uc} not listed:\n{}",
            r.stdout
        );
        let p = flowgen(tmp.path(), &["params", &uc]);
        assert_eq!(p.code, 0, "{}", p.stderr);
        let j = flowgen(tmp.path(), &["params", &uc, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&j.stdout).expect("params json");
        let params = v["parameters"].as_array().expect("parameters");
        let s = flowgen(tmp.path(), &["schema", "preset", &uc]);
        assert_eq!(s.code, 0, "{}", s.stderr);
        let schema: serde_json::Value = serde_json::from_str(&s.stdout).expect("schema json");
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["additionalProperties"], false);
        let props = schema["properties"].as_object().expect("properties");
        // The parameters, plus locale, flow_version, data_api (and its alias) and endpoint.
        assert_eq!(props.len(), params.len() + 5);
        for p in params {
            let name = p["name"].as_str().unwrap();
            let prop = &props[name];
            assert!(prop.get("type").is_some(), "{uc}.{name}: no type");
            if !p["required"].as_bool().unwrap() {
                assert!(prop.get("default").is_some(), "{uc}.{name}: no default");
            }
            if prop["type"] == "array" {
                assert!(prop.get("items").is_some(), "{uc}.{name}: no items");
            }
        }
    }
}

/// Copies the real templates without their stubs and adds a tiny two-layer one: `_shared` plus a
/// use-case overlay.
fn templates_with_stub(root: &std::path::Path) -> std::path::PathBuf {
    let t = root.join("templates");
    for (rel, bytes) in tree(&flowgen_e2e::root().join("templates")) {
        if rel.starts_with("_shared/endpoint/") || rel.contains("/endpoint/") {
            continue;
        }
        let p = t.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let put = |rel: &str, text: &str| {
        let p = t.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    put(
        "_shared/endpoint/node/package.json.tera",
        "{\"name\": \"{{ package }}\"}\n",
    );
    put(
        "_shared/endpoint/node/src/handler.js",
        "shared handler {{ not rendered }}\n",
    );
    put("_shared/endpoint/node/node_modules/junk.js", "never read\n");
    put("loan-offer/endpoint/node/src/handler.js", "loan handler\n");
    t
}

#[test]
fn endpoint_stub_is_the_shared_core_overlaid_with_the_use_case_plus_contract_and_config() {
    let tmp = tempdir();
    let t = templates_with_stub(tmp.path());
    let t = t.to_str().unwrap();
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "loan",
            "out",
            "--no-input",
            "--endpoint",
            "node",
            "--templates",
            t,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let stub = tmp.path().join("out/endpoint/node");
    let read = |rel: &str| std::fs::read_to_string(stub.join(rel)).unwrap();
    assert_eq!(
        read("package.json"),
        "{\"name\": \"flow-endpoint-loan-offer\"}\n"
    );
    assert_eq!(read("src/handler.js"), "loan handler\n");
    assert!(!stub.join("node_modules").exists());
    let contract: serde_json::Value = serde_json::from_str(&read("contract.json")).unwrap();
    let flow: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("out/flow.json")).unwrap())
            .unwrap();
    let ids: Vec<&str> = flow["screens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let contract_ids: Vec<&str> = contract["screens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, contract_ids);
    assert_eq!(contract["entry_screen"], "OFFER");
    assert!(!read("contract.json").contains("__example__"));
    let config: serde_json::Value = serde_json::from_str(&read("config.json")).unwrap();
    assert_eq!(config["use_case"], "loan-offer");
    assert_eq!(config["params"]["annual_rate"], 10.5);
    assert_eq!(config["text"]["tenure_option"], "{n} months");

    // The shared handler is used where the use case has none, copied without rendering.
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "offer",
            "out2",
            "--no-input",
            "--endpoint",
            "node",
            "--templates",
            t,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("out2/endpoint/node/src/handler.js")).unwrap(),
        "shared handler {{ not rendered }}\n"
    );
    // A language without a stub is refused, naming what exists; nothing is written.
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "loan",
            "out3",
            "--no-input",
            "--endpoint",
            "rust",
            "--templates",
            t,
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("has no rust stub (it has: node)"),
        "{}",
        r.stderr
    );
    assert!(!tmp.path().join("out3").exists());
}

/// A forked template that nests too deep would overflow Tera's recursive parser or renderer; it is
/// refused with its file:line:col before Tera sees it, and nothing is written.
#[test]
fn template_nesting_beyond_the_limits_is_an_error_not_a_crash() {
    for (what, tag) in [
        (
            "brackets nest",
            format!("{{{{ {}1{} }}}}", "(".repeat(20_000), ")".repeat(20_000)),
        ),
        (
            "operators in this tag",
            format!("{{{{ 1{} }}}}", " + 1".repeat(100_000)),
        ),
        (
            "blocks nest",
            format!(
                "{}x{}",
                "{% if p.brand %}".repeat(20_000),
                "{% endif %}".repeat(20_000)
            ),
        ),
    ] {
        let tmp = tempdir();
        let fork = tmp.path().join("templates");
        for (rel, bytes) in tree(&fixture_templates()) {
            let p = fork.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        let flow = fork.join("mini/flow.json.tera");
        let text = std::fs::read_to_string(&flow).unwrap();
        std::fs::write(&flow, format!("{{# deep #}}\n{tag}\n{text}")).unwrap();
        let out = tmp.path().join("out");
        let r = flowgen(
            tmp.path(),
            &[
                "new",
                "mini",
                out.to_str().unwrap(),
                "--no-input",
                "--set",
                "shop_code=XYZ",
                "--templates",
                fork.to_str().unwrap(),
            ],
        );
        assert_eq!(r.code, 2, "{what}: {}", r.stderr);
        assert!(
            r.stderr.contains("mini/flow.json.tera:2:") && r.stderr.contains(what),
            "{what}: {}",
            r.stderr
        );
        assert!(!out.exists(), "{what}: nothing is written");
    }
}

// ---------------------------------------------------------------------------------------------
// Correctness (issue 14): every value kept as given, every mistake reported at once, locales,
// structure from presets, old Flow versions, .gitignore, output formats.

/// `flowgen new UC DIR --no-input EXTRA...` in `cwd`.
fn new_no_input(cwd: &Path, uc: &str, dir: &str, extra: &[&str]) -> flowgen_e2e::Run {
    let mut args = vec!["new", uc, dir, "--no-input"];
    args.extend_from_slice(extra);
    flowgen(cwd, &args)
}

/// Runs `flowgen ARGS` in `cwd` with `stdin` as standard input.
fn flowgen_stdin(cwd: &Path, args: &[&str], stdin: &str) -> flowgen_e2e::Run {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(flowgen_e2e::bin())
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn flowgen");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait").into()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn git(dir: &Path, args: &[&str]) -> bool {
    std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn dot_works_in_an_empty_dir_and_after_git_init() {
    let tmp = tempdir();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let r = flowgen(&empty, &["new", "loan-offer", ".", "--no-input"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(empty.join("flow.json").is_file());
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    if !git(&repo, &["init", "-q"]) {
        eprintln!("git not installed: skipping the git init half");
        return;
    }
    let r = flowgen(&repo, &["new", "loan-offer", ".", "--no-input"]);
    assert_eq!(
        r.code, 0,
        "a fresh `git init` counts as empty: {}",
        r.stderr
    );
    assert!(repo.join(".git/HEAD").is_file(), ".git kept");
    assert!(repo.join("flow.json").is_file() && repo.join(".gitignore").is_file());
    let again = flowgen(&repo, &["new", "loan-offer", ".", "--no-input"]);
    assert_eq!(again.code, 2, "now it is a project: {}", again.stderr);
}

#[test]
fn option_ids_are_the_values_own_text_and_duplicates_are_refused() {
    let tmp = tempdir();
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "loan-offer",
            "a",
            "--no-input",
            "--set",
            "loan_amounts=[100.2, 100.7]",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let flow = read(&tmp.path().join("a/flow.json"));
    assert!(
        flow.contains(r#""id": "100.2""#) && flow.contains(r#""id": "100.7""#),
        "{flow}"
    );
    let v = flowgen(tmp.path(), &["validate", "a/flow.json"]);
    assert_eq!(v.code, 0, "{}", v.stdout);
    for (set, want) in [
        (
            "loan_amounts=[500, 500]",
            "--set loan_amounts[1]: 500 appears twice",
        ),
        (
            "tenures_months=12, 24, 12",
            "--set tenures_months[2]: 12 appears twice",
        ),
    ] {
        let r = new_no_input(tmp.path(), "loan-offer", "b", &["--set", set]);
        assert_eq!(r.code, 2, "{set}");
        assert!(r.stderr.contains(want), "{set}: {}", r.stderr);
    }
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "insurance-quote",
            "c",
            "--no-input",
            "--set",
            "excess_options=[{amount: 500, premium_discount: 1}, {amount: 500.0, premium_discount: 2}]",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("--set excess_options[1].amount: `amount` \"500\" appears twice"),
        "{}",
        r.stderr
    );
}

#[test]
fn explicit_values_are_never_changed_cross_parameter_checks_refuse_them() {
    let tmp = tempdir();
    let cases: &[(&str, &[&str], &str)] = &[
        ("purchase-intent", &["min_selected=5", "max_selected=2"], "--set min_selected: 5 is more than `max_selected` (2)"),
        ("purchase-intent", &["min_selected=15"], "--set min_selected: 15 is more than the 7 items of `categories`"),
        ("purchase-intent", &["max_selected=1"], "--set max_selected: 1 is under 2 (or 0 for none)"),
        ("loan-offer", &["default_amount=5"], "--set default_amount: 5 is not one of `loan_amounts`"),
        ("loan-offer", &["default_tenure=7"], "--set default_tenure: 7 is not one of `tenures_months`"),
        ("personalised-offer", &["purposes=[{id: x, group: phonez, title: X}]"], "--set purposes[0].group: \"phonez\" is not the `id` of any `product_groups` item (phones, ereaders, cameras); did you mean \"phones\"?"),
        ("personalised-offer", &["budget_ranges=[{id: a, min: 0, max: 0}, {id: b, min: 100, max: 50}]"], "--set budget_ranges[0].max: only the last range can be open-ended"),
        ("insurance-quote", &["cover_options=[{id: a, title: A, kind: family}]"], "--set cover_options: 0 items have `kind: self`; exactly 1 must"),
    ];
    for (uc, sets, want) in cases {
        let mut args = vec!["new", uc, "out", "--no-input"];
        for s in *sets {
            args.extend(["--set", s]);
        }
        let r = flowgen(tmp.path(), &args);
        assert_eq!(r.code, 2, "{uc} {sets:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(want),
            "{uc} {sets:?}: want {want:?} in\n{}",
            r.stderr
        );
        assert_empty(tmp.path());
    }
    // A default computed from the amounts just given (the first), not the manifest's 720000.
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "loan-offer",
            "ok",
            "--no-input",
            "--set",
            "loan_amounts=[300000, 200000]",
            "--set",
            "min_selected=1",
        ],
    );
    assert_eq!(r.code, 2, "min_selected is not a loan-offer parameter");
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "loan-offer",
            "ok",
            "--no-input",
            "--set",
            "loan_amounts=[300000, 200000]",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(read(&tmp.path().join("ok/.flowgen/answers.yaml")).contains("default_amount: 300000"));
    // What is given is written as given.
    let r = new_no_input(
        tmp.path(),
        "purchase-intent",
        "pi",
        &["--set", "min_selected=2", "--set", "max_selected=7"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let flow = read(&tmp.path().join("pi/flow.json"));
    assert!(
        flow.contains(r#""min-selected-items": 2"#) && flow.contains(r#""max-selected-items": 7"#),
        "{flow}"
    );
}

const MANY_MISTAKES: &str = "\
locale: pt
brand: \"\"
loan_amounts: [100, 200, 100]
default_amount: 300
disbursement_methods:
  - { id: upi, kind: upi, title: UPI, description: x }
  - { id: bank, kind: bankk, title: Bank, description: y, extra: 1 }
identity_chek: none
endpoint: java
";

#[test]
fn several_mistakes_are_reported_in_one_run() {
    let tmp = tempdir();
    std::fs::write(tmp.path().join("p.yaml"), MANY_MISTAKES).unwrap();
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "loan-offer",
            "out",
            "--no-input",
            "--preset",
            "p.yaml",
            "--set",
            "tenures_months=[0]",
            "--set",
            "annual_rate=lots",
        ],
    );
    assert_eq!(r.code, 2);
    insta::assert_snapshot!("several_mistakes", r.stderr);
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn locales_bring_their_own_defaults_and_currency() {
    let english = [
        "Bank transfer",
        "Just me",
        "Weekend deals",
        "Last digits of ID",
        "₹",
        "Mobile phones",
        "Treatment only",
        "Monthly",
        "PIN code",
        "IFSC",
    ];
    let tmp = tempdir();
    for uc in use_cases() {
        for locale in ["es", "pt_BR"] {
            let dir = format!("{uc}-{locale}");
            let r = new_no_input(tmp.path(), &uc, &dir, &["--locale", locale]);
            assert_eq!(r.code, 0, "{uc} {locale}: {}", r.stderr);
            let flow = read(&tmp.path().join(&dir).join("flow.json"));
            for e in english {
                assert!(!flow.contains(e), "{uc} --locale {locale} still says {e:?}");
            }
        }
    }
    // The shipped Brazilian preset alone (no --locale) gives a Portuguese Flow in reais.
    let preset = flowgen_e2e::root().join("presets/insurance-quote/brazilian-insurer.yaml");
    let r = new_no_input(
        tmp.path(),
        "insurance-quote",
        "br",
        &["--preset", preset.to_str().unwrap()],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let flow = read(&tmp.path().join("br/flow.json"));
    assert!(
        flow.contains("Beneficiários") && flow.contains("R$"),
        "{flow}"
    );
    assert!(read(&tmp.path().join("br/.flowgen/answers.yaml")).contains("locale: pt_BR"));
}

#[test]
fn a_preset_alone_reproduces_the_structure_and_can_come_from_stdin() {
    let tmp = tempdir();
    let preset =
        "locale: es\nflow_version: 6.0\ndata_api: \"3.0\"\nendpoint: python\nbrand: Banco Uno\n";
    let r = flowgen_stdin(
        tmp.path(),
        &["new", "loan-offer", "a", "--no-input", "--preset", "-"],
        preset,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let answers = read(&tmp.path().join("a/.flowgen/answers.yaml"));
    for want in [
        "locale: es",
        "flow_version: '6.0'",
        "data_api_version: '3.0'",
        "endpoint: python",
        "brand: Banco Uno",
    ] {
        assert!(answers.contains(want), "{want} in {answers}");
    }
    assert!(tmp.path().join("a/endpoint/python").is_dir());
    // Flags beat the preset; a bad structure key names its line:col.
    let r = flowgen_stdin(
        tmp.path(),
        &[
            "new",
            "loan-offer",
            "b",
            "--no-input",
            "--preset",
            "-",
            "--locale",
            "pt_BR",
        ],
        "locale: es\nendpoint: cobol\n",
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("<stdin>:2:11: `endpoint` \"cobol\": use one of node, python, rust, or none"),
        "{}",
        r.stderr
    );
}

#[test]
fn flow_version_6_0_says_which_input_patterns_it_drops() {
    let tmp = tempdir();
    let r = new_no_input(tmp.path(), "loan-offer", "a", &["--flow-version", "6.0"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("note: Flow JSON 6.0 has no TextInput `pattern`")
            && r.stderr.contains("`upi_id`, `bank_code`, `id_digits`"),
        "{}",
        r.stderr
    );
    let flow = read(&tmp.path().join("a/flow.json"));
    assert!(!flow.contains("\"pattern\""));
    let readme = read(&tmp.path().join("a/README.md"));
    assert!(
        readme.contains("Input checks on Flow JSON 6.0")
            && readme.contains("`bank_code` must match"),
        "{readme}"
    );
    let r = new_no_input(tmp.path(), "loan-offer", "b", &[]);
    assert!(!r.stderr.contains("pattern"), "{}", r.stderr);
    assert!(!read(&tmp.path().join("b/README.md")).contains("Input checks on Flow JSON"));
}

#[test]
fn the_project_ignores_its_keys_and_keygen_warns_about_tracked_ones() {
    let tmp = tempdir();
    let r = new_no_input(tmp.path(), "loan-offer", "p", &[]);
    assert_eq!(r.code, 0);
    let ignore = read(&tmp.path().join("p/.gitignore"));
    assert!(
        ignore.lines().any(|l| l == "keys/") && ignore.lines().any(|l| l == "*.pem"),
        "{ignore}"
    );
    let project = tmp.path().join("p");
    if !git(&project, &["init", "-q"]) {
        eprintln!("git not installed: skipping the keygen half");
        return;
    }
    let keygen = |out: &str| {
        std::process::Command::new(flowgen_e2e::bin())
            .args(["keygen", "--out", out])
            .current_dir(&project)
            .env("PASSPHRASE", "correct horse")
            .output()
            .map(flowgen_e2e::Run::from)
            .expect("keygen")
    };
    let inside = keygen("keys");
    assert_eq!(inside.code, 0, "{}", inside.stderr);
    assert!(!inside.stderr.contains("warning"), "{}", inside.stderr);
    std::fs::write(project.join(".gitignore"), "node_modules/\n").unwrap();
    let tracked = keygen("secrets");
    assert_eq!(tracked.code, 0);
    assert!(
        tracked
            .stderr
            .contains("warning: secrets/private.pem is inside a git work tree and not ignored"),
        "{}",
        tracked.stderr
    );
}

#[test]
fn output_snapshots_human_json_and_quoted_paths() {
    let tmp = tempdir();
    let r = new_no_input(tmp.path(), "loan-offer", "out", &["--endpoint", "node"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("human_output", r.stdout);
    let j = new_no_input(
        tmp.path(),
        "purchase-intent",
        "my flows/sign up",
        &["--format", "json"],
    );
    assert_eq!(j.code, 0, "{}", j.stderr);
    assert!(
        j.stderr.is_empty(),
        "json mode keeps stderr quiet: {}",
        j.stderr
    );
    let v: serde_json::Value = serde_json::from_str(&j.stdout).expect("one JSON document");
    insta::assert_json_snapshot!("json_output", v);
    let h = new_no_input(tmp.path(), "purchase-intent", "my flows/again", &[]);
    assert!(
        h.stdout
            .contains("flowgen validate 'my flows/again/flow.json'"),
        "{}",
        h.stdout
    );
}

#[test]
fn error_message_snapshots() {
    let tmp = tempdir();
    let cases: &[(&str, &[&str])] = &[
        (
            "unknown_set_key",
            &["new", "loan-offer", "o", "--no-input", "--set", "brnd=X"],
        ),
        (
            "set_without_equals",
            &["new", "loan-offer", "o", "--no-input", "--set", "brand"],
        ),
        (
            "set_structure_key",
            &["new", "loan-offer", "o", "--no-input", "--set", "locale=es"],
        ),
        (
            "bad_locale_flag",
            &["new", "loan-offer", "o", "--no-input", "--locale", "pt-br"],
        ),
        (
            "bad_flow_version",
            &[
                "new",
                "loan-offer",
                "o",
                "--no-input",
                "--flow-version",
                "5.0",
            ],
        ),
        (
            "missing_preset",
            &[
                "new",
                "loan-offer",
                "o",
                "--no-input",
                "--preset",
                "nope.yaml",
            ],
        ),
        (
            "cross_check",
            &[
                "new",
                "purchase-intent",
                "o",
                "--no-input",
                "--set",
                "min_selected=5",
                "--set",
                "max_selected=3",
            ],
        ),
    ];
    for (name, args) in cases {
        let r = flowgen(tmp.path(), args);
        assert_eq!(r.code, 2, "{name}");
        assert!(
            !r.stderr.contains(".flowgen-staging-"),
            "{name}: {}",
            r.stderr
        );
        insta::assert_snapshot!(format!("error__{name}"), r.stderr);
    }
}

/// `flowgen schema preset <uc>` and the validator agree: every shipped preset passes both, and
/// what the validator refuses the schema refuses too wherever JSON Schema can say it.
#[test]
fn preset_schema_agrees_with_the_validator() {
    let tmp = tempdir();
    let mut schemas = std::collections::BTreeMap::new();
    for uc in use_cases() {
        let s = flowgen(tmp.path(), &["schema", "preset", &uc]);
        let schema: serde_json::Value = serde_json::from_str(&s.stdout).expect("schema");
        let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
        for p in presets(&uc) {
            let yaml: serde_yaml::Value = serde_yaml::from_str(&read(&p)).expect("yaml");
            let json: serde_json::Value = serde_json::to_value(yaml).expect("json");
            let errors: Vec<String> = validator
                .iter_errors(&json)
                .map(|e| format!("{} at {}", e, e.instance_path))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", p.display());
            let r = new_no_input(
                tmp.path(),
                &uc,
                "x",
                &["--dry-run", "--preset", p.to_str().unwrap()],
            );
            assert_eq!(r.code, 0, "{}: {}", p.display(), r.stderr);
        }
        schemas.insert(uc, validator);
    }
    // (use case, preset text, whether JSON Schema can express the refusal)
    let cases: &[(&str, &str, bool)] = &[
        ("loan-offer", "brand: \"\"\n", true),
        ("loan-offer", "brand: \"   \"\n", true),
        ("loan-offer", "brand: \"Hi ${data.x}\"\n", true),
        ("loan-offer", "brand: \"`a + b`\"\n", true),
        ("loan-offer", "brand: 12\n", true),
        ("loan-offer", "brand: Acme Bank Acme Bank Acme Bank Acme Bank Acme Bank\n", true),
        ("loan-offer", "brnd: Acme\n", true),
        ("loan-offer", "currency: XYZ\n", true),
        ("loan-offer", "annual_rate: 75\n", true),
        ("loan-offer", "tenures_months: [12.5]\n", true),
        ("loan-offer", "loan_amounts: [500, 500]\n", true),
        ("loan-offer", "loan_amounts: []\n", true),
        ("loan-offer", "disbursement_methods: [{ id: Upi, kind: upi, title: UPI, description: x }]\n", true),
        ("loan-offer", "disbursement_methods: [{ id: upi, title: UPI, description: x }]\n", true),
        ("loan-offer", "disbursement_methods: [{ id: upi, kind: upi, title: UPI, description: x, extra: 1 }]\n", true),
        ("loan-offer", "locale: fr\n", true),
        ("loan-offer", "flow_version: 5.0\n", true),
        ("loan-offer", "endpoint: java\n", true),
        ("loan-offer", "data_api: \"2.0\"\n", true),
        // Cross-parameter and record-uniqueness rules: the validator's alone.
        ("loan-offer", "default_amount: 1\n", false),
        ("loan-offer", "disbursement_methods: [{ id: a, kind: upi, title: A, description: x }, { id: a, kind: upi, title: B, description: y }]\n", false),
        ("purchase-intent", "min_selected: 5\nmax_selected: 3\n", false),
        ("personalised-offer", "budget_ranges: [{ id: a, min: 10, max: 5 }]\n", false),
        ("personalised-offer", "purposes: [{ id: a, group: nope, title: A }]\n", false),
    ];
    for (uc, text, expressible) in cases {
        let path = tmp.path().join("case.yaml");
        std::fs::write(&path, text).unwrap();
        let r = new_no_input(tmp.path(), uc, "x", &["--dry-run", "--preset", "case.yaml"]);
        assert_eq!(r.code, 2, "the validator refuses {text:?}: {}", r.stdout);
        let yaml: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        let json: serde_json::Value = serde_json::to_value(yaml).unwrap();
        let schema_refuses = !schemas[*uc].is_valid(&json);
        assert_eq!(schema_refuses, *expressible, "{uc}: schema on {text:?}");
    }
}
