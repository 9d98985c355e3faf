//! What the command line prints, as snapshots of the real binary's output: `validate` in every
//! format (the README's own example included, checked against the README text), its exit codes,
//! directory walks, rule filters and colour; the JSON of `list` and `rules ID`; completions and
//! `--help`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use flowgen_e2e::{bin, root, tempdir, Run};
use serde_json::Value;

/// Runs `flowgen ARGS` in `cwd` with `stdin` as standard input and the colour variables unset
/// unless given in `env`.
fn run_with(cwd: &Path, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run flowgen");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait for flowgen").into()
}

fn run(cwd: &Path, args: &[&str]) -> Run {
    run_with(cwd, args, "", &[])
}

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/validate")
}

/// The folder of the README's example, `flow.json` in it.
fn readme_example() -> Run {
    run(&fixtures(), &["validate", "flow.json"])
}

#[test]
fn the_readme_example_is_what_validate_prints() {
    let r = readme_example();
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("validate_human", r.stdout);
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block = readme
        .split("```\n")
        .find(|b| b.starts_with("error[FJ-DOC-DUPLICATE-KEY]"))
        .expect("the README shows the duplicate-key example");
    assert_eq!(block, r.stdout, "README example and real output differ");
}

#[test]
fn carets_sit_under_wide_characters() {
    // CJK and emoji take two columns each: the carets and the label still line up.
    let r = run(&fixtures(), &["validate", "wide.json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!("validate_wide_characters", r.stdout);
}

#[test]
fn validate_json_github_and_sarif() {
    let dir = fixtures();
    let json = run(&dir, &["validate", "--format", "json", "flow.json"]);
    assert_eq!(json.code, 1);
    let value: Value = serde_json::from_str(&json.stdout).expect("one JSON object");
    insta::assert_json_snapshot!("validate_json", value);

    let github = run(&dir, &["validate", "--format", "GitHub", "flow.json"]);
    assert_eq!(github.code, 1);
    insta::assert_snapshot!("validate_github", github.stdout);

    let sarif = run(&dir, &["validate", "--format", "sarif", "flow.json"]);
    assert_eq!(sarif.code, 1);
    let mut log: Value = serde_json::from_str(&sarif.stdout).expect("SARIF is JSON");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .clone();
    // Every rule is described, with an id and help; results point at their rule by index.
    assert!(rules.len() > 50, "{} rules", rules.len());
    assert!(rules
        .iter()
        .all(|r| r["id"].is_string() && r["help"]["text"].is_string()));
    for result in log["runs"][0]["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    // The rule texts belong to the rules' own tests: keep the duplicate-key one, count the rest.
    let dup: Vec<Value> = rules
        .into_iter()
        .filter(|r| r["id"] == "FJ-DOC-DUPLICATE-KEY")
        .collect();
    let driver = &mut log["runs"][0]["tool"]["driver"];
    driver["rules"] = Value::Array(dup);
    driver["semanticVersion"] = "[version]".into();
    log["runs"][0]["results"][0]["ruleIndex"] = "[index]".into();
    insta::assert_json_snapshot!("validate_sarif", log);
}

#[test]
fn exit_codes_one_meaning_each() {
    let tmp = tempdir();
    let dir = tmp.path();
    std::fs::write(dir.join("clean.json"), clean_flow()).unwrap();
    std::fs::write(dir.join("broken.json"), "{\"version\": \"7.3\",,}").unwrap();
    std::fs::write(dir.join("warn.json"), clean_flow().replace("7.3", "7.2")).unwrap();
    std::fs::write(
        dir.join("latin1.json"),
        b"{\"version\": \"7.3\", \"x\": \"caf\xe9\"}",
    )
    .unwrap();

    let clean = run(dir, &["validate", "clean.json"]);
    assert_eq!(
        (clean.code, clean.stdout.trim()),
        (0, "1 file checked: 0 errors, 0 warnings")
    );

    let warn = run(dir, &["validate", "warn.json"]);
    assert_eq!(warn.code, 0, "warnings pass: {}", warn.stdout);
    let annotation = run(dir, &["validate", "--format", "github", "warn.json"]);
    assert!(
        annotation.stdout.starts_with(
            "::warning file=warn.json,line=2,col=14,endColumn=19,title=FJ-VERSION-RECOMMENDED::"
        ),
        "{}",
        annotation.stdout
    );
    let denied = run(dir, &["validate", "--deny-warnings", "warn.json"]);
    assert_eq!(denied.code, 1, "--deny-warnings: {}", denied.stdout);

    // A syntax error is a finding with its position (1), like any rule on valid JSON.
    let broken = run(dir, &["validate", "broken.json"]);
    assert_eq!(broken.code, 1);
    insta::assert_snapshot!("validate_syntax_error", broken.stdout);
    let array = run_with(dir, &["validate", "-"], "[]", &[]);
    assert_eq!(array.code, 1, "{}", array.stdout);
    let latin1 = run(dir, &["validate", "latin1.json"]);
    assert_eq!(latin1.code, 1);
    assert!(
        latin1.stdout.contains("--> latin1.json:1:29"),
        "{}",
        latin1.stdout
    );

    // A missing path is a plain error naming it (2), never a finding at 0:0; the rest is checked.
    let missing = run(
        dir,
        &["validate", "--format", "json", "nope.json", "clean.json"],
    );
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "error: nope.json: no such file or directory\n"
    );
    let value: Value = serde_json::from_str(&missing.stdout).unwrap();
    assert_eq!(value["files"][0]["path"], "clean.json");
    assert_eq!(
        value["unreadable"],
        serde_json::json!([{ "path": "nope.json", "reason": "no such file or directory" }])
    );
    let sarif = run(
        dir,
        &["validate", "--format", "sarif", "nope.json", "clean.json"],
    );
    assert_eq!(sarif.code, 2);
    let log: Value = serde_json::from_str(&sarif.stdout).unwrap();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"][0]["message"]["text"],
        "nope.json: no such file or directory"
    );
    let alone = run(dir, &["validate", "nope.json"]);
    assert_eq!((alone.code, alone.stdout.as_str()), (2, ""));
    assert!(!alone.stderr.contains("0:0"));
}

#[test]
fn a_directory_is_walked_like_ruff() {
    let tmp = tempdir();
    let dir = tmp.path();
    let write = |rel: &str, text: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("flow.json", &clean_flow());
    write("flows/b/second.json", &clean_flow().replace("7.3", "7.2"));
    write("flows/a/broken.json", "{\"screens\": [");
    write("flows/notes.json", "{\"title\": \"not a flow\"}");
    write("flows/tsconfig.json", "{ // comments\n}");
    write("package.json", "{\"name\": \"x\", \"version\": \"1.0\"}");
    write(
        "flows/extension.json",
        "{\"name\": \"x\", \"version\": \"1.0\"}",
    );
    write("flows/c/no-screens.json", "{\"version\": \"7.3\"}");
    write("endpoint/node/contract.json", "{\"screens\": []}");
    for skipped in [
        "node_modules/x",
        "target/debug",
        ".flowgen/base",
        ".git",
        ".venv",
    ] {
        write(&format!("{skipped}/flow.json"), "{\"screens\": 1}");
    }
    // No path is `.`, as with ruff.
    let r = run(dir, &["validate", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let value: Value = serde_json::from_str(&r.stdout).unwrap();
    let paths: Vec<&str> = value["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "flow.json",
            "flows/a/broken.json",
            "flows/b/second.json",
            "flows/c/no-screens.json"
        ]
    );
    let empty = tempdir();
    let none = run(empty.path(), &["validate", "."]);
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.starts_with("error: .: no Flow JSON file"),
        "{}",
        none.stderr
    );
}

#[test]
fn select_and_ignore_filter_rules() {
    let dir = fixtures();
    let ignored = run(
        &dir,
        &["validate", "--ignore", "fj-doc-duplicate-key", "flow.json"],
    );
    assert_eq!(ignored.code, 0, "{}", ignored.stdout);
    let by_prefix = run(
        &dir,
        &["validate", "--select", "FJ-ROUTE,FJ-SCREEN", "flow.json"],
    );
    assert_eq!(by_prefix.code, 0, "{}", by_prefix.stdout);
    let selected = run(&dir, &["validate", "--select", "FJ-DOC", "flow.json"]);
    assert_eq!(selected.code, 1);
    let typo = run(
        &dir,
        &["validate", "--ignore", "FJ-DOC-DUPLICATE-KYE", "flow.json"],
    );
    assert_eq!(typo.code, 2);
    insta::assert_snapshot!("validate_unknown_rule", typo.stderr);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = fixtures();
    let esc = |r: &Run| r.stdout.contains('\u{1b}');
    assert!(
        !esc(&readme_example()),
        "no colour when stdout is not a terminal"
    );
    assert!(esc(&run(
        &dir,
        &["validate", "--color", "always", "flow.json"]
    )));
    let missing = run(&dir, &["validate", "--color", "always", "nope.json"]);
    assert!(
        missing.stderr.starts_with("\u{1b}[1;91merror:"),
        "{:?}",
        missing.stderr
    );
    let forced = [("CLICOLOR_FORCE", "1")];
    assert!(esc(&run_with(
        &dir,
        &["validate", "flow.json"],
        "",
        &forced
    )));
    let no_color = [("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")];
    assert!(!esc(&run_with(
        &dir,
        &["validate", "flow.json"],
        "",
        &no_color
    )));
    assert!(!esc(&run_with(
        &dir,
        &["validate", "--color", "never", "flow.json"],
        "",
        &forced
    )));
}

/// Keys and value types of a JSON document, so the snapshot pins the shape, not the texts.
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
        Value::Array(a) => Value::Array(a.first().map(shape).into_iter().collect()),
        Value::String(_) => "string".into(),
        Value::Number(_) => "number".into(),
        Value::Bool(_) => "bool".into(),
        Value::Null => "null".into(),
    }
}

#[test]
fn list_and_rules_speak_json() {
    let tmp = tempdir();
    let list = run(tmp.path(), &["list", "--format", "json"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    let value: Value = serde_json::from_str(&list.stdout).unwrap();
    let ids: Vec<&str> = value["use_cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"loan-offer"), "{ids:?}");
    insta::assert_json_snapshot!("list_json_shape", shape(&value));

    let rule = run(
        tmp.path(),
        &["rules", "fj-doc-duplicate-key", "--format", "json"],
    );
    assert_eq!(rule.code, 0, "{}", rule.stderr);
    let value: Value = serde_json::from_str(&rule.stdout).unwrap();
    assert_eq!(value["id"], "FJ-DOC-DUPLICATE-KEY");
    assert!(value["invalid_example"]
        .as_str()
        .unwrap()
        .contains("\"version\""));
    insta::assert_json_snapshot!("rules_id_json_shape", shape(&value));

    let all = run(tmp.path(), &["rules", "--format", "json"]);
    let value: Value = serde_json::from_str(&all.stdout).unwrap();
    insta::assert_json_snapshot!("rules_json_shape", shape(&value));
}

#[test]
fn keygen_speaks_json() {
    let tmp = tempdir();
    let r = run_with(
        tmp.path(),
        &["keygen", "--out", "keys", "--format", "json"],
        "",
        &[("PASSPHRASE", "correct horse")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let value: Value = serde_json::from_str(&r.stdout).expect("one JSON object");
    assert!(tmp
        .path()
        .join(value["private_key"].as_str().unwrap())
        .is_file());
    assert!(value["register_command"]
        .as_str()
        .unwrap()
        .contains("public.pem"));
    insta::assert_json_snapshot!("keygen_json_shape", shape(&value));
}

#[test]
fn completions_and_help() {
    let tmp = tempdir();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let r = run(tmp.path(), &["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(
            r.stdout.contains("validate") && r.stdout.contains("deny-warnings"),
            "{shell}"
        );
    }
    // Words only: clap wraps help to the terminal width.
    let words = |r: Run| r.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    let help = words(run(tmp.path(), &["new", "--help"]));
    for needle in [
        "[possible values: node, python, rust, none]",
        "[possible values: 3.0, 4.0]",
        "7.3]",
        "overwriting",
    ] {
        assert!(help.contains(needle), "new --help lacks {needle:?}");
    }
    let validate = words(run(tmp.path(), &["validate", "--help"]));
    assert!(validate.contains("[default: human]") && validate.contains("Exit status: 0 no error"));
    let bad = run(tmp.path(), &["new", "loan-offer", "--endpoint", "java"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("possible values: node, python, rust, none"),
        "{}",
        bad.stderr
    );
}

/// A Flow with no finding at all.
fn clean_flow() -> String {
    std::fs::read_to_string(fixtures().join("flow.json"))
        .unwrap()
        .replace("      \"title\": \"Welcome\",\n", "")
}

/// Files from 256 KiB up are read into a populated mapping instead of a `String`
/// (generator/src/flow/source.rs): the same findings and positions come out, and bytes that are
/// not UTF-8 are still the one FJ-DOC-JSON-OBJECT finding at the right place.
#[test]
fn a_large_file_is_reported_like_a_small_one() {
    let tmp = tempdir();
    let dir = tmp.path();
    let small = std::fs::read_to_string(fixtures().join("flow.json")).unwrap();
    let padding = " ".repeat(600 * 1024);
    std::fs::write(dir.join("flow.json"), &small).unwrap();
    let small_run = run(dir, &["validate", "--format", "json", "flow.json"]);
    std::fs::write(dir.join("flow.json"), format!("{small}{padding}")).unwrap();
    let large_run = run(dir, &["validate", "--format", "json", "flow.json"]);
    assert_eq!(large_run.code, small_run.code, "{}", large_run.stderr);
    assert_eq!(large_run.stdout, small_run.stdout);
    assert!(large_run.stdout.contains("FJ-DOC-DUPLICATE-KEY"));

    let mut bytes = format!("{padding}{small}").into_bytes();
    let bad = padding.len() + small.find("Welcome").unwrap();
    bytes[bad] = 0xff;
    std::fs::write(dir.join("flow.json"), &bytes).unwrap();
    let broken = run(dir, &["validate", "--format", "json", "flow.json"]);
    assert_eq!(broken.code, 1, "{}", broken.stderr);
    let report: Value = serde_json::from_str(&broken.stdout).unwrap();
    let finding = &report["files"][0]["diagnostics"][0];
    assert_eq!(finding["rule"], "FJ-DOC-JSON-OBJECT");
    assert_eq!(
        finding["message"],
        format!("not UTF-8: byte {bad} starts an invalid sequence")
    );
}
