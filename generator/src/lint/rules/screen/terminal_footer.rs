use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::label;

pub static RULE: Rule = Rule {
    id: "FJ-TERMINAL-FOOTER",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "each terminal screen has a Footer",
    explain: "The Footer button is how the user finishes a Flow, so every terminal screen must have \
one, at any depth (inside a Form or in the branches of an If/Switch) \
(MISSING_FOOTER_ON_TERMINAL_SCREEN).",
    help: "add {\"type\": \"Footer\", \"label\": \"Done\", \"on-click-action\": {\"name\": \"complete\", \"payload\": {}}}",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in ctx.flow.screens.iter().filter(|s| s.terminal) {
        if screen.children.is_some() && screen.of_kind("Footer").next().is_none() {
            let at = screen.node.get("terminal").unwrap_or(screen.node);
            sink.report(
                at,
                format!("terminal screen {} has no Footer", label(screen)),
            );
        }
    }
}
