use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-IF-NESTING",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "at most 3 nested If components",
    explain: "If components may be nested, but only three levels deep; WhatsApp rejects a fourth \
level (MAXIMUM_IF_NESTING). Combine conditions with `&&` / `||` instead of nesting further, or \
use a Switch.",
    help: "merge the conditions with && into an outer If, or use a Switch",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in screen.of_kind("If").filter(|c| c.if_depth == 3) {
            sink.report(
                c.node,
                "this If is nested inside 3 other Ifs; at most 3 levels are allowed",
            );
        }
    }
}
