//! Interactive mode through a pseudo-terminal: prompts in declaration order, Enter keeps the
//! default, an invalid answer is re-asked with the validator's reason.

#![cfg(unix)]

use std::process::Command;
use std::time::Duration;

use expectrl::{Eof, Session};
use flowgen_e2e::{bin, fixture_templates, tempdir};

#[test]
fn prompts_reask_invalid_answers_and_write_the_project() {
    let tmp = tempdir();
    let mut cmd = Command::new(bin());
    cmd.args([
        "new",
        "mini",
        "out",
        "--templates",
        fixture_templates().to_str().unwrap(),
    ])
    .current_dir(tmp.path())
    .env("TERM", "dumb");
    let mut p = Session::spawn(cmd).expect("spawn in a pty");
    p.set_expect_timeout(Some(Duration::from_secs(30)));
    p.expect("Brand name").expect("brand prompt");
    p.send_line("Loja Ünica \"Ltda\"").unwrap();
    p.expect("Shop code").expect("shop code prompt");
    p.send_line("abc").unwrap();
    p.expect("does not match the pattern")
        .expect("the reason for the refusal");
    p.send_line("XYZ").unwrap();
    p.expect("Number of seats").expect("seats prompt");
    p.send_line("").unwrap(); // keep the default (2)
    p.expect("created").expect("files written");
    p.expect(Eof).expect("exit");
    let flow =
        std::fs::read_to_string(tmp.path().join("out/flow.json")).expect("flow.json written");
    assert!(flow.contains(r#""title": "Loja Ünica \"Ltda\"""#), "{flow}");
    assert!(flow.contains("XYZ / 2"), "{flow}");
    let answers = std::fs::read_to_string(tmp.path().join("out/.flowgen/answers.yaml")).unwrap();
    assert!(answers.contains("shop_code: XYZ"), "{answers}");
}
