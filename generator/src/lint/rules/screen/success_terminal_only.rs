use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::label;

pub static RULE: Rule = Rule {
    id: "FJ-SUCCESS-TERMINAL-ONLY",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`success` only on terminal screens",
    explain:
        "`success` tells WhatsApp whether ending the Flow on this screen counts as a successful \
completion, so it only means something on a terminal screen (\"Property 'success' can only be \
specified on a terminal screen.\").",
    help: "remove \"success\", or make the screen terminal",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    // Screens whose `terminal` is not a boolean are FJ-SCREEN-KEYS'.
    let not_terminal = |s: &&crate::flow::Screen| {
        s.node
            .get("terminal")
            .map_or(true, |t| t.as_bool() == Some(false))
    };
    for screen in ctx.flow.screens.iter().filter(not_terminal) {
        if let Some(node) = screen.node.get("success") {
            sink.report(
                node,
                format!(
                    "screen {} has \"success\" but is not terminal",
                    label(screen)
                ),
            );
        }
    }
}
