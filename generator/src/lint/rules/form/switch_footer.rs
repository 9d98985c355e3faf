use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::has_footer;

pub static RULE: Rule = Rule {
    id: "FJ-SWITCH-FOOTER",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "if one Switch case has a Footer, every case has one",
    explain: "Whichever case a Switch renders, the screen must still end up with its Footer. So \
when any case contains a Footer, WhatsApp requires one in every case \
(MISSING_FOOTER_IN_SWITCH_BRANCHES).",
    help: "add a Footer to this case, or move the Footer out of the Switch",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in screen.of_kind("Switch") {
            let Some(members) = c.node.get("cases").and_then(Node::as_object) else {
                continue;
            };
            let with: Vec<bool> = members
                .iter()
                .map(|m| has_footer(screen, &m.value))
                .collect();
            let Some(first) = members
                .iter()
                .zip(&with)
                .find(|(_, w)| **w)
                .map(|(m, _)| m.key.as_ref())
            else {
                continue;
            };
            for (m, _) in members.iter().zip(&with).filter(|(_, w)| !**w) {
                sink.report(
                    &m.value,
                    format!(
                        "Switch case '{}' has no Footer, but case '{first}' has one",
                        m.key
                    ),
                );
            }
        }
    }
}
