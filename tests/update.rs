//! `flowgen update` on real project directories with the real binary: the ten acceptance
//! scenarios of issue 13 (template changes through a forked `--templates` folder, owner edits,
//! conflicts, parameter changes, deletions, an injected write failure, idempotence, `--check`)
//! and `new` refusing to regenerate over a project.

use std::path::{Path, PathBuf};
use std::process::Command;

use flowgen_e2e::{bin, flowgen, root, tempdir, tree, Run};

/// A loan-offer project with a Node endpoint, generated in `tmp/app`.
fn project(tmp: &Path) -> PathBuf {
    let r = flowgen(
        tmp,
        &[
            "new",
            "loan-offer",
            "app",
            "--no-input",
            "--endpoint",
            "node",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    tmp.join("app")
}

/// A copy of the built-in templates in `tmp/templates`, loan-offer's version bumped to 2, with
/// each `(file, from, to)` replacement applied (each must match).
fn fork(tmp: &Path, edits: &[(&str, &str, &str)]) -> PathBuf {
    let dest = tmp.join("templates");
    for (rel, bytes) in tree(&root().join("templates")) {
        let to = dest.join(&rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    let mut all = vec![(
        "loan-offer/manifest.yaml",
        "template_version: 1",
        "template_version: 2",
    )];
    all.extend_from_slice(edits);
    for (rel, from, to) in all {
        edit(&dest.join(rel), from, to);
    }
    dest
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}: no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn update(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["update", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    flowgen(dir.parent().unwrap(), &args)
}

/// The outcome `update --format json` reports for `path`.
fn outcomes(r: &Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn outcome_of<'a>(report: &'a serde_json::Value, path: &str) -> &'a str {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .and_then(|f| f["outcome"].as_str())
        .unwrap_or_else(|| panic!("{path} not in {report}"))
}

/// The owner edits a flow.json text and the endpoint's business logic; returns the new handler.
fn owner_edits(app: &Path) -> String {
    edit(
        &app.join("flow.json"),
        "\"Submit application\"",
        "\"Send my application\"",
    );
    let handler = app.join("endpoint/node/src/handler.js");
    let mine = format!(
        "// owner: business rule\n{}",
        read(app, "endpoint/node/src/handler.js")
    );
    std::fs::write(handler, &mine).unwrap();
    mine
}

const UPI_HELPER: (&str, &str, &str) = (
    "loan-offer/locales/en_US.yaml",
    "upi_helper: For example name@bank",
    "upi_helper: For example yourname@okbank",
);

#[test]
fn untouched_project_takes_a_template_change_then_is_a_no_op() {
    let tmp = tempdir();
    let app = project(tmp.path());
    let templates = fork(tmp.path(), &[UPI_HELPER]);
    let t = templates.to_str().unwrap();

    // 9: --check fails before the update ...
    let check = update(&app, &["--templates", t, "--check"]);
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains("run `flowgen update"),
        "{}",
        check.stdout
    );

    // 1: nothing edited, one text changed in the templates: updated, no conflict.
    let r = update(&app, &["--templates", t, "--format", "json"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let report = outcomes(&r);
    assert_eq!(report["written"], true);
    assert_eq!(outcome_of(&report, "flow.json"), "updated");
    assert_eq!(outcome_of(&report, "endpoint/node/config.json"), "updated");
    // The README names the template version.
    assert_eq!(outcome_of(&report, "README.md"), "updated");
    assert_eq!(
        outcome_of(&report, "endpoint/node/src/handler.js"),
        "unchanged"
    );
    assert!(read(&app, "flow.json").contains("For example yourname@okbank"));
    assert_eq!(
        read(&app, "flow.json"),
        read(&app, ".flowgen/base/flow.json")
    );
    assert!(read(&app, ".flowgen/answers.yaml").contains("template_version: 2"));

    // ... and passes after it; 8: a second update is a no-op that writes nothing.
    let before = tree(&app);
    let check = update(&app, &["--templates", t, "--check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let again = update(&app, &["--templates", t]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.contains("up to date: nothing to do"),
        "{}",
        again.stdout
    );
    assert_eq!(tree(&app), before);
    let v = flowgen(tmp.path(), &["validate", "app"]);
    assert_eq!(v.code, 0, "{}", v.stdout);
}

#[test]
fn owner_edits_and_template_changes_elsewhere_are_both_kept() {
    let tmp = tempdir();
    let app = project(tmp.path());
    // 2: the owner edits a flow.json text and the endpoint's business logic.
    let mine = owner_edits(&app);
    // 3: the owner changes a component's label; the template adds the same component's
    // helper-text on the very next line (a line merge conflicts there).
    edit(
        &app.join("flow.json"),
        "\"Date of birth\"",
        "\"Your date of birth\"",
    );
    let templates = fork(
        tmp.path(),
        &[
            UPI_HELPER,
            (
                "loan-offer/flow.json.tera",
                "\"label\": {{ t.dob_label | json }},\n",
                "\"label\": {{ t.dob_label | json }},\n                \"helper-text\": \"As on your ID\",\n",
            ),
        ],
    );
    let r = update(
        &app,
        &[
            "--templates",
            templates.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let report = outcomes(&r);
    assert_eq!(outcome_of(&report, "flow.json"), "merged");
    assert_eq!(
        outcome_of(&report, "endpoint/node/src/handler.js"),
        "unchanged"
    );
    let flow = read(&app, "flow.json");
    assert!(flow.contains("\"Send my application\""));
    assert!(flow.contains("For example yourname@okbank"));
    assert!(
        flow.contains("\"label\": \"Your date of birth\",\n                \"helper-text\": \"As on your ID\","),
        "label and helper-text merged in the template's order:\n{flow}"
    );
    assert!(!flow.contains("<<<<<<<"));
    assert_eq!(read(&app, "endpoint/node/src/handler.js"), mine);
    // preview.html is drawn again from the merged flow.json, not taken from the template's.
    let page = read(&app, "preview.html");
    assert!(page.contains("Send my application") && page.contains("yourname@okbank"));
    let v = flowgen(tmp.path(), &["validate", "app"]);
    assert_eq!(v.code, 0, "{}", v.stdout);
}

#[test]
fn same_value_changed_on_both_sides_conflicts_with_the_base_section() {
    let tmp = tempdir();
    let app = project(tmp.path());
    edit(&app.join("flow.json"), "\"UPI ID\"", "\"UPI handle\"");
    let templates = fork(
        tmp.path(),
        &[(
            "loan-offer/locales/en_US.yaml",
            "upi_label: UPI ID",
            "upi_label: UPI address",
        )],
    );
    let t = templates.to_str().unwrap();
    let before = tree(&app);
    let r = update(&app, &["--templates", t]);
    // 4: markers with the base section, exit 1, every other file untouched.
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("conflict      flow.json"), "{}", r.stdout);
    assert!(r.stdout.contains("Validation waits"), "{}", r.stdout);
    let flow = read(&app, "flow.json");
    let expected = "<<<<<<< yours\n                    \"label\": \"UPI handle\",\n\
                    ||||||| template v1 (base)\n                    \"label\": \"UPI ID\",\n\
                    =======\n                    \"label\": \"UPI address\",\n\
                    >>>>>>> template v2\n";
    assert!(flow.contains(expected), "{flow}");
    // The other files: untouched (the README only takes the new template version), no markers;
    // the derived files wait for flow.json.
    assert!(
        r.stdout
            .contains("pending       endpoint/node/contract.json"),
        "{}",
        r.stdout
    );
    for (rel, bytes) in &before {
        let now = std::fs::read(app.join(rel)).unwrap();
        if rel == "README.md" {
            let text = String::from_utf8_lossy(&now);
            assert!(!text.lines().any(|l| l.starts_with("<<<<<<<")), "{text}");
        } else if rel != "flow.json" && !rel.starts_with(".flowgen") {
            assert!(&now == bytes, "{rel} changed");
        }
    }
    // Unresolved markers keep the update failing; once resolved, the next update re-derives.
    let again = update(&app, &["--templates", t]);
    assert_eq!(again.code, 1, "{}", again.stdout);
    let resolved = flow.replace(expected, "                    \"label\": \"UPI handle\",\n");
    std::fs::write(app.join("flow.json"), resolved).unwrap();
    let done = update(&app, &["--templates", t]);
    assert_eq!(done.code, 0, "{}{}", done.stdout, done.stderr);
    assert!(read(&app, "endpoint/node/config.json").contains("UPI address"));
    let v = flowgen(tmp.path(), &["validate", "app"]);
    assert_eq!(v.code, 0, "{}", v.stdout);
}

#[test]
fn a_parameter_change_rederives_the_endpoint_data_and_its_tests_pass() {
    let tmp = tempdir();
    let app = project(tmp.path());
    let mine = owner_edits(&app);
    // 5: --set a new list of tenures; alone, it is refused like `new` refuses it (the recorded
    // default tenure, 48, is no longer one of them), and nothing is written.
    let before = tree(&app);
    let refused = update(&app, &["--set", "tenures_months=[6,12,24]"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("default_tenure"),
        "{}",
        refused.stderr
    );
    assert_eq!(tree(&app), before);
    let r = update(
        &app,
        &[
            "--set",
            "tenures_months=[6,12,24]",
            "--set",
            "default_tenure=24",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let report = outcomes(&r);
    assert_eq!(outcome_of(&report, "flow.json"), "merged");
    assert_eq!(outcome_of(&report, "endpoint/node/config.json"), "updated");
    let flow = read(&app, "flow.json");
    assert!(flow.contains("\"6 months\"") && !flow.contains("\"48 months\""));
    assert!(flow.contains("\"Send my application\""));
    assert_eq!(read(&app, "endpoint/node/src/handler.js"), mine);
    let config: serde_json::Value =
        serde_json::from_str(&read(&app, "endpoint/node/config.json")).unwrap();
    assert_eq!(
        config["params"]["tenures_months"],
        serde_json::json!([6, 12, 24])
    );
    let answers = read(&app, ".flowgen/answers.yaml");
    assert!(answers.contains("- 6\n"), "{answers}");
    // contract.json is the contract of the merged flow.json (validate DIR checks exactly that).
    let v = flowgen(tmp.path(), &["validate", "app"]);
    assert_eq!(v.code, 0, "{}", v.stdout);
    // The endpoint's own tests still pass (after installing its one dependency, the Redis client).
    let install = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefer-offline"])
        .current_dir(app.join("endpoint/node"))
        .output()
        .expect("run npm install");
    assert!(
        install.status.success(),
        "npm install: {}",
        String::from_utf8_lossy(&install.stderr)
    );
    let out = Command::new("npm")
        .arg("test")
        .current_dir(app.join("endpoint/node"))
        .output()
        .expect("run npm test");
    assert!(
        out.status.success(),
        "npm test failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_deleted_file_stays_deleted_and_a_failed_write_changes_nothing() {
    let tmp = tempdir();
    let app = project(tmp.path());
    std::fs::remove_file(app.join("endpoint/node/README.md")).unwrap();
    let templates = fork(
        tmp.path(),
        &[
            UPI_HELPER,
            ("_shared/endpoint/node/README.md.tera", "\n", "\nRevised.\n"),
        ],
    );
    let t = templates.to_str().unwrap();

    // 7: a failure after a few renames: the project is byte for byte as it was.
    let before = tree(&app);
    let dirs_before = dirs(&app);
    for n in ["0", "3", "7"] {
        let out = Command::new(bin())
            .args(["update", app.to_str().unwrap(), "--templates", t])
            .env("FLOWGEN_FAIL_AFTER_RENAMES", n)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("injected failure"), "{stderr}");
        assert_eq!(tree(&app), before, "after a failure at rename {n}");
        assert_eq!(dirs(&app), dirs_before, "after a failure at rename {n}");
    }

    // 6: the owner deleted a file: it stays deleted, and the report says so.
    let r = update(&app, &["--templates", t]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("kept deleted  endpoint/node/README.md"),
        "{}",
        r.stdout
    );
    assert!(!app.join("endpoint/node/README.md").exists());
    assert!(read(&app, ".flowgen/base/endpoint/node/README.md").contains("Revised."));
}

/// Every directory under `dir` (to see that a rollback leaves no staging or backup folder).
fn dirs(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().to_path_buf())
        .collect()
}

#[test]
fn new_refuses_an_existing_project_and_accepts_its_answers_as_a_preset() {
    let tmp = tempdir();
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "loan-offer",
            "app",
            "--no-input",
            "--set",
            "brand=Zeta Bank",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let app = tmp.path().join("app");
    let before = tree(&app);
    // 10: `new` on an existing project refuses, with or without --force, and points to update.
    for force in [false, true] {
        let mut args = vec!["new", "loan-offer", "app", "--no-input"];
        if force {
            args.push("--force");
        }
        let r = flowgen(tmp.path(), &args);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("flowgen update app"), "{}", r.stderr);
        assert_eq!(tree(&app), before);
    }
    // Elsewhere, --force names each file it overwrites.
    std::fs::create_dir(tmp.path().join("plain")).unwrap();
    std::fs::write(tmp.path().join("plain/flow.json"), "{}\n").unwrap();
    let r = flowgen(
        tmp.path(),
        &["new", "loan-offer", "plain", "--no-input", "--force"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("--force overwrites 1 existing file(s)")
            && r.stderr.contains("plain/flow.json"),
        "{}",
        r.stderr
    );
    // The answers file is a preset: the same answers, not "unknown parameter 'use_case'".
    let r = flowgen(
        tmp.path(),
        &[
            "new",
            "loan-offer",
            "copy",
            "--no-input",
            "--preset",
            "app/.flowgen/answers.yaml",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(read(&tmp.path().join("copy"), "flow.json").contains("Zeta Bank"));
    assert_eq!(
        read(&tmp.path().join("copy"), "flow.json"),
        read(&app, "flow.json")
    );
    // A bad override goes through the same validator, with its position, and writes nothing.
    std::fs::write(
        tmp.path().join("bad.yaml"),
        "brand: Acme\ntenures_months: [6, \"x\"]\n",
    )
    .unwrap();
    let r = update(
        &app,
        &["--preset", tmp.path().join("bad.yaml").to_str().unwrap()],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("bad.yaml:2:"), "{}", r.stderr);
    assert_eq!(tree(&app), before);
}

#[test]
fn dry_run_shows_a_diff_and_writes_nothing() {
    let tmp = tempdir();
    let app = project(tmp.path());
    let templates = fork(tmp.path(), &[UPI_HELPER]);
    let before = tree(&app);
    let r = update(
        &app,
        &["--templates", templates.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("updated       flow.json"), "{}", r.stdout);
    assert!(
        r.stdout.contains("--- a/flow.json\n+++ b/flow.json\n"),
        "{}",
        r.stdout
    );
    assert!(r
        .stdout
        .contains("+                    \"helper-text\": \"For example yourname@okbank\""));
    assert_eq!(tree(&app), before);
}

#[test]
fn validate_dir_reports_a_contract_that_flow_json_no_longer_produces() {
    let tmp = tempdir();
    let app = project(tmp.path());
    let flow = read(&app, "flow.json").replace("IDENTITY", "ID_CHECK");
    std::fs::write(app.join("flow.json"), flow).unwrap();
    let v = flowgen(tmp.path(), &["validate", "app"]);
    assert_eq!(v.code, 1, "{}", v.stdout);
    assert!(v.stdout.contains("FLOWGEN-DERIVED-STALE"), "{}", v.stdout);
    assert!(
        v.stdout.contains("app/endpoint/node/contract.json:"),
        "{}",
        v.stdout
    );
    assert!(
        v.stdout.contains("run `flowgen update app`"),
        "{}",
        v.stdout
    );
    let r = update(&app, &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v = flowgen(tmp.path(), &["validate", "app"]);
    assert_eq!(v.code, 0, "{}", v.stdout);
}

#[test]
fn a_merge_that_fails_validation_writes_nothing_unless_forced() {
    let tmp = tempdir();
    let app = project(tmp.path());
    // The owner's edit breaks a binding; the template changes something else.
    edit(
        &app.join("flow.json"),
        "${screen.IDENTITY.form.dob}",
        "${screen.IDENTITY.form.birthday}",
    );
    let templates = fork(tmp.path(), &[UPI_HELPER]);
    let t = templates.to_str().unwrap();
    let before = tree(&app);
    let r = update(&app, &["--templates", t]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("app/flow.json:"), "{}", r.stdout);
    assert!(r.stdout.contains("nothing written"), "{}", r.stdout);
    assert_eq!(tree(&app), before);
    let forced = update(&app, &["--templates", t, "--force"]);
    assert_eq!(forced.code, 1, "{}", forced.stdout);
    assert!(read(&app, "flow.json").contains("For example yourname@okbank"));
    assert!(read(&app, "flow.json").contains("form.birthday"));
}

#[test]
fn an_answer_the_templates_no_longer_declare_is_dropped_with_a_note() {
    let tmp = tempdir();
    let app = project(tmp.path());
    edit(
        &app.join(".flowgen/answers.yaml"),
        "\nanswers:\n",
        "\nanswers:\n  retired_option: 3\n",
    );
    let r = update(&app, &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("no longer declare `retired_option`"),
        "{}",
        r.stderr
    );
    assert!(!read(&app, ".flowgen/answers.yaml").contains("retired_option"));
}
