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
        assert_eq!(props.len(), params.len());
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
