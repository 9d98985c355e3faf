use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::screens_node;

pub static RULE: Rule = Rule {
    id: "FJ-TERMINAL-EXISTS",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "at least one screen is terminal",
    explain: "A Flow ends on a terminal screen (`\"terminal\": true`), whose Footer completes the \
Flow. Without one the user can never finish it (MISSING_TERMINAL_SCREEN). Several terminal screens \
are allowed, e.g. one per outcome.",
    help:
        "mark the last screen with \"terminal\": true and give it a Footer with a complete action",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(screens) = screens_node(ctx) else {
        return;
    };
    // A `terminal` that is not a boolean is FJ-SCREEN-KEYS'; do not pile on.
    let unclear = ctx.flow.screens.iter().any(|s| {
        s.node
            .get("terminal")
            .is_some_and(|t| t.as_bool().is_none())
    });
    if ctx.flow.screens.is_empty() || unclear || ctx.flow.screens.iter().any(|s| s.terminal) {
        return;
    }
    sink.report(
        screens,
        "no screen has \"terminal\": true, so the Flow can never be completed",
    );
}
