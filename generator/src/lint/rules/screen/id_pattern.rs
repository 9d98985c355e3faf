use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::objects;

pub static RULE: Rule = Rule {
    id: "FJ-SCREEN-ID-PATTERN",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "each screen has an `id` of letters and underscores",
    explain:
        "Screen ids are referenced by navigate actions, the routing model and `${screen.ID…}` \
references, and must \"only consist of alphabets and underscores\": no digits, no hyphens, no \
spaces, not empty (`STEP_1` is invalid; use `STEP_ONE`). From Flow JSON 7.0 an id made only of \
underscores is refused as well.",
    help: "use letters and underscores only, e.g. \"CONTACT_DETAILS\"",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let v7 = ctx.version().is_some_and(|ver| ver >= v(7, 0));
    for screen in objects(ctx) {
        let Some(node) = screen.node.get("id") else {
            sink.report(
                screen.node,
                format!("screen #{} has no \"id\"", screen.index),
            );
            continue;
        };
        let Some(id) = node.as_str() else {
            sink.report(
                node,
                format!(
                    "the id of screen #{} is a JSON {}; it must be a string",
                    screen.index,
                    node.type_name()
                ),
            );
            continue;
        };
        if id.is_empty() {
            sink.report(node, format!("screen #{} has an empty id", screen.index));
        } else if let Some(bad) = id.chars().find(|c| !(c.is_ascii_alphabetic() || *c == '_')) {
            let suggestion = suggest(id);
            let help = if suggestion.is_empty() || suggestion == id {
                RULE.help.to_owned()
            } else {
                format!("use letters and underscores only, e.g. \"{suggestion}\"")
            };
            sink.report_help(node, format!("screen id '{id}' contains {bad:?}; ids may only contain letters and underscores"), help);
        } else if v7 && id.bytes().all(|b| b == b'_') {
            sink.report(
                node,
                format!("screen id '{id}' consists only of underscores"),
            );
        }
    }
}

/// A close valid id: digits spelt out, other characters turned into underscores.
fn suggest(id: &str) -> String {
    const DIGITS: [&str; 10] = [
        "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
    ];
    let mut out = String::new();
    for c in id.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '_' => out.push(c),
            '0'..='9' => {
                if !out.is_empty() && !out.ends_with('_') {
                    out.push('_');
                }
                out.push_str(DIGITS[(c as u8 - b'0') as usize]);
            }
            _ => {
                if !out.ends_with('_') {
                    out.push('_');
                }
            }
        }
    }
    out
}
