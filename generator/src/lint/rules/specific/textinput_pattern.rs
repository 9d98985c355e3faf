use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{before, each_of, static_str, version_label};

pub static RULE: Rule = Rule {
    id: "FJ-TEXTINPUT-PATTERN",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "TextInput `pattern` only from 6.2, a valid regex, with input-type text/number/password/passcode",
    explain: "TextInput `pattern` (Flow JSON 6.2+) is a regular expression the entered value must \
match, written raw (no surrounding slashes, no flags). It is refused before 6.2, and only works \
with `input-type` text, number, password or passcode (or no input-type); the Builder reports \
other combinations as INVALID_DEPENDENCIES. A pattern that does not compile as a regular \
expression rejects every input. Look-around and back-references are JavaScript features the \
WhatsApp clients support, so they are not reported.",
    help: "write a valid regular expression without slashes, e.g. \"^[0-9]{5}$\"",
    check,
};

const WITH_PATTERN: &[&str] = &["text", "number", "password", "passcode"];

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, &["TextInput"]) {
        let Some(pattern) = c.node.get("pattern") else {
            continue;
        };
        if before(ctx, 6, 2) {
            sink.report_help(
                pattern,
                format!(
                    "`pattern` needs Flow JSON 6.2 or later; this Flow is {}",
                    version_label(ctx)
                ),
                "set \"version\" to \"6.2\" or later, or remove `pattern`",
            );
            continue;
        }
        if let Some(kind) = c.node.get("input-type").and_then(static_str) {
            if !WITH_PATTERN.contains(&kind) {
                sink.report_help(
                    pattern,
                    format!("`pattern` cannot be used with input-type '{kind}'"),
                    "use input-type text, number, password or passcode, or remove `pattern`",
                );
            }
        }
        let Some(re) = static_str(pattern) else {
            continue;
        };
        if let Some(problem) = regex_problem(re) {
            sink.report(
                pattern,
                format!("`pattern` is not a valid regular expression: {problem}"),
            );
        }
    }
}

/// Why `re` does not compile, ignoring features JavaScript has and the `regex` crate lacks.
fn regex_problem(re: &str) -> Option<String> {
    let slashed = re
        .strip_prefix('/')
        .and_then(|r| r.rfind('/').map(|i| &r[i + 1..]));
    if slashed.is_some_and(|flags| flags.bytes().all(|b| b"dgimsuvy".contains(&b))) {
        return Some("it is wrapped in slashes; write the expression without `/…/`".into());
    }
    // Parse only (no compilation): the syntax is what matters, and parsing is ~100x cheaper.
    use regex_syntax::ast::ErrorKind;
    match regex_syntax::ast::parse::Parser::new().parse(re) {
        Ok(_) => None,
        Err(e) => match e.kind() {
            ErrorKind::UnsupportedLookAround | ErrorKind::UnsupportedBackreference => None,
            kind => Some(kind.to_string()),
        },
    }
}
