//! Interactive mode through a pseudo-terminal: the structural questions (locale, Flow version,
//! endpoint), prompts in declaration order with conditional ones skipped, `?` for help, Enter
//! keeping the default (computed from earlier answers where declared), an invalid answer re-asked
//! with the validator's reason, a list of records edited item by item, then the summary and the
//! "write these files?" question.

#![cfg(unix)]

use std::process::Command;
use std::time::Duration;

use expectrl::{Eof, Regex, Session};
use flowgen_e2e::{bin, fixture_templates, tempdir};

/// One key press for a dialoguer menu: `j` moves down, Enter picks.
const DOWN: &str = "j";
const ENTER: &str = "\r";

fn session(cmd: &mut Command) -> Session {
    cmd.env("TERM", "dumb").env_remove("VISUAL");
    if !cmd.get_envs().any(|(k, _)| k == "EDITOR") {
        cmd.env_remove("EDITOR");
    }
    let mut p =
        Session::spawn(std::mem::replace(cmd, Command::new("true"))).expect("spawn in a pty");
    p.set_expect_timeout(Some(Duration::from_secs(30)));
    p
}

#[test]
fn prompts_reask_invalid_answers_and_write_the_project() {
    let tmp = tempdir();
    // An "editor" that first saves a list with a duplicate id, then (seeing its own text kept)
    // fixes it.
    let editor = tmp.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nif grep -q twin \"$1\"; then printf -- '- { id: single, title: Single }\\n- { id: suite, title: Suite }\\n' > \"$1\"; else printf -- '- { id: twin, title: A }\\n- { id: twin, title: B }\\n' > \"$1\"; fi\n",
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&editor)
        .status()
        .unwrap();
    let mut cmd = Command::new(bin());
    cmd.args([
        "new",
        "mini",
        "out",
        "--templates",
        fixture_templates().to_str().unwrap(),
    ])
    .current_dir(tmp.path());
    cmd.env("EDITOR", &editor);
    let mut p = session(&mut cmd);
    p.expect("Flow JSON version").expect("version menu");
    p.send(ENTER).unwrap(); // the latest
    p.expect("Brand name").expect("brand prompt");
    p.send_line("?").unwrap();
    p.expect("help: Shown as the screen title.")
        .expect("? shows the help");
    p.send_line("Loja Ünica \"Ltda\"").unwrap();
    p.expect("Shop code").expect("shop code prompt");
    p.send_line("abc").unwrap();
    p.expect("does not match the pattern")
        .expect("the reason for the refusal");
    p.send_line("XYZ").unwrap();
    p.expect("Number of seats").expect("seats prompt");
    p.send_line("").unwrap(); // keep the default (2)
                              // The list opened in $EDITOR: a refused edit is reopened with the same text, then fixed.
    for round in ["refused", "fixed"] {
        p.expect("Keep").expect("list menu");
        p.send(DOWN.repeat(4)).unwrap();
        p.send(ENTER).unwrap();
        if round == "refused" {
            p.expect("appears twice").expect("the duplicate id refused");
            p.expect("your text is kept").expect("the draft is kept");
        }
    }
    p.expect("Suite").expect("the edited list");
    p.expect("Keep these 2 items")
        .expect("list menu after the edit");
    p.send(ENTER).unwrap();
    p.expect("Summary of mini").expect("summary");
    p.expect("Write these").expect("confirmation");
    p.send("y").unwrap();
    p.expect("created").expect("files written");
    p.expect(Eof).expect("exit");
    let flow =
        std::fs::read_to_string(tmp.path().join("out/flow.json")).expect("flow.json written");
    assert!(flow.contains(r#""title": "Loja Ünica \"Ltda\"""#), "{flow}");
    assert!(flow.contains("XYZ / 2"), "{flow}");
    assert!(flow.contains("Single, Suite"), "{flow}");
    let answers = std::fs::read_to_string(tmp.path().join("out/.flowgen/answers.yaml")).unwrap();
    assert!(answers.contains("shop_code: XYZ"), "{answers}");
}

/// The loan-offer session a new user goes through, all its questions answered.
#[test]
fn loan_offer_session_edits_a_list_item_by_item_and_confirms_the_summary() {
    let tmp = tempdir();
    let mut cmd = Command::new(bin());
    cmd.args(["new", "loan-offer", "out"])
        .current_dir(tmp.path());
    let mut p = session(&mut cmd);
    p.expect("locale").expect("locale menu");
    p.send(ENTER).unwrap();
    p.expect("Flow JSON version").expect("version menu");
    p.send(ENTER).unwrap();
    p.expect("Endpoint stub language").expect("endpoint menu");
    p.send(ENTER).unwrap(); // node, the default for a Flow that needs an endpoint
    p.expect("Data API version").expect("data API menu");
    p.send(ENTER).unwrap();
    p.expect("Lender name").expect("brand");
    p.send_line("Banco Teste").unwrap();
    p.expect("What is offered").expect("product kind menu");
    p.send(ENTER).unwrap();
    p.expect("Currency").expect("currency menu");
    p.send(ENTER).unwrap();
    p.expect("Amounts the customer can choose")
        .expect("amounts");
    p.send_line("100.2, 100.7").unwrap();
    p.expect("Pre-selected amount").expect("default amount");
    p.send_line("5").unwrap();
    p.expect("is not one of `loan_amounts`")
        .expect("a default outside the list is refused");
    p.send_line("").unwrap(); // the default offered: the first amount just entered
    for prompt in [
        "Tenures in months",
        "Pre-selected tenure",
        "Annual interest rate",
        "processing fee",
    ] {
        p.expect(prompt).expect(prompt);
        p.send_line("").unwrap();
    }
    p.expect("Keep these 2 items")
        .expect("disbursement list menu");
    p.send(DOWN).unwrap();
    p.send(ENTER).unwrap(); // Edit an item
    p.expect("Which item?").expect("item menu");
    p.send(ENTER).unwrap(); // the first (UPI)
    p.expect("  id (").expect("id field");
    p.send_line("").unwrap();
    p.expect("  kind").expect("kind menu");
    p.send(ENTER).unwrap();
    p.expect("  title (").expect("title field");
    p.send_line("UPI instantâneo").unwrap();
    p.expect("  description (").expect("description field");
    p.send_line("").unwrap();
    p.expect("UPI instantâneo").expect("the edited item listed");
    p.expect("Keep these 2 items")
        .expect("back to the list menu");
    p.send(ENTER).unwrap();
    // A bank method is chosen: the bank-code questions come.
    for prompt in [
        "bank branch code",
        "Regular expression the bank code",
        "Hint under the bank",
    ] {
        p.expect(prompt).expect(prompt);
        p.send_line("").unwrap();
    }
    p.expect("UPI ID must match").expect("upi pattern");
    p.send_line("").unwrap();
    p.expect("Repayment methods").expect("repayment list menu");
    p.send(ENTER).unwrap();
    p.expect("identity").expect("identity menu");
    p.send(DOWN).unwrap(); // dob_and_id_digits → none
    p.send(ENTER).unwrap();
    // No identity check: the ID-digit questions are skipped.
    let before = p.expect("Summary of loan-offer").expect("summary");
    let asked = String::from_utf8_lossy(before.before()).into_owned();
    assert!(!asked.contains("ID digits"), "{asked}");
    p.expect(Regex("default_amount: 100\\.2"))
        .expect("summary lists the values");
    p.expect("Write these").expect("confirmation");
    p.send("y").unwrap();
    p.expect("created").expect("files written");
    p.expect(Eof).expect("exit");
    let flow = std::fs::read_to_string(tmp.path().join("out/flow.json")).expect("flow.json");
    for want in [
        r#""id": "100.2""#,
        r#""id": "100.7""#,
        "UPI instantâneo",
        "Banco Teste",
    ] {
        assert!(flow.contains(want), "{want} in {flow}");
    }
    assert!(!flow.contains("\"IDENTITY\""), "no identity screen: {flow}");
    assert!(tmp.path().join("out/endpoint/node/package.json").is_file());
}
