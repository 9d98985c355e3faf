use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{has_footer, within};

pub static RULE: Rule = Rule {
    id: "FJ-IF-FOOTER",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "a Footer in an If sits in a first-level If, in both branches, with none outside",
    explain: "A screen shows exactly one Footer. When it is rendered conditionally, WhatsApp \
requires that the Footer sits in a first-level If (not in an If nested in another If), that both \
`then` and `else` contain one (so `else` becomes mandatory), and that no other Footer sits outside \
that If (MISSING_FOOTER_IN_IF_ELSE_BRANCHES). Otherwise the screen could end up with no Footer or \
with two.",
    help: "give both branches of the first-level If a Footer and remove any Footer outside it",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for f in screen.of_kind("Footer").filter(|f| f.if_depth >= 2) {
            sink.report_help(
                f.node,
                format!("Footer sits in an If nested {} levels deep; only a first-level If may hold a Footer", f.if_depth),
                "move the Footer into both branches of the outermost If",
            );
        }
        for c in screen.of_kind("If").filter(|c| c.if_depth == 0) {
            // A `then` / `else` that is not an array, and an empty `then`, are FJ-IF-THEN's /
            // FJ-COMP-PROP-TYPE's.
            let malformed = |k: &str| c.node.get(k).is_some_and(|b| b.as_array().is_none());
            let empty_then = c.node.get("then").and_then(|t| t.as_array()) == Some(&[]);
            if malformed("then") || malformed("else") || empty_then {
                continue;
            }
            let in_then = c.node.get("then").is_some_and(|t| has_footer(screen, t));
            let in_else = c.node.get("else").is_some_and(|e| has_footer(screen, e));
            if !in_then && !in_else {
                continue;
            }
            if in_then != in_else {
                let (has, lacks) = if in_then {
                    ("then", "else")
                } else {
                    ("else", "then")
                };
                let at = c.node.get(lacks).unwrap_or(c.node);
                let missing = if c.node.get(lacks).is_none() {
                    format!("the If has no '{lacks}'")
                } else {
                    format!("'{lacks}' has none")
                };
                sink.report_help(
                    at,
                    format!("If has a Footer in '{has}' but {missing}"),
                    format!("add a Footer to '{lacks}' as well"),
                );
            }
            for outside in screen.of_kind("Footer").filter(|f| !within(f.node, c.node)) {
                sink.report_help(
                    outside.node,
                    "Footer outside an If whose branches already hold a Footer",
                    "remove this Footer; the If's branches provide the screen's Footer",
                );
            }
        }
    }
}
