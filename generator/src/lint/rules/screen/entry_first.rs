use std::collections::HashSet;

use crate::flow::json::Node;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-ENTRY-FIRST",
    level: Level::Warning,
    versions: Versions::ALL,
    always: false,
    summary: "the entry screen is the first in `screens`",
    explain: "The entry screen is the one no route leads to (no routing_model destination and no \
navigate target). Tools, Meta's connectivity check and readers all start from `screens[0]`, so a \
Flow whose first screen is reached from another screen while the real entry sits further down is \
confusing and easy to open on the wrong screen. Move the entry screen to the front.",
    help: "move the entry screen to the start of \"screens\"",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    let Some(first) = flow.screens.first() else {
        return;
    };
    let Some(first_id) = first.id else { return };
    let mut inbound: HashSet<&str> = HashSet::new();
    for (from, _, to) in flow.routes() {
        for dest in to.iter().filter_map(|n| n.as_str()) {
            if dest != from {
                inbound.insert(dest);
            }
        }
    }
    for action in &flow.actions {
        if let Some(target) = action.next_screen {
            if flow.screens.get(action.screen).and_then(|s| s.id) != Some(target) {
                inbound.insert(target);
            }
        }
    }
    if !inbound.contains(first_id) {
        return;
    }
    let entry = flow
        .screens
        .iter()
        .skip(1)
        .find(|s| s.id.is_some_and(|id| !inbound.contains(id)));
    if let Some(entry) = entry {
        let at: &Node = first.node.get("id").unwrap_or(first.node);
        sink.report(
            at,
            format!(
                "the first screen '{first_id}' is reached from other screens, while '{}' (screen #{}) is reached from none: it looks like the entry screen",
                entry.id.unwrap_or_default(),
                entry.index
            ),
        );
    }
}
