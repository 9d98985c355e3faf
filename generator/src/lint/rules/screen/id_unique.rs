use std::collections::HashMap;

use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-SCREEN-ID-UNIQUE",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "screen ids are unique",
    explain:
        "Navigate actions, the routing model and global references find screens by id, so two \
screens with the same id make the Flow ambiguous (DUPLICATE_SCREEN_IDS \"Duplicate screen id \
found\"). Rename one of them and update the actions that should lead to it.",
    help: "give the screen a different id and update navigate actions / routing_model",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for screen in &ctx.flow.screens {
        let Some(id) = screen.id else { continue };
        if let Some(first) = seen.get(id) {
            let at = screen.node.get("id").unwrap_or(screen.node);
            sink.report(
                at,
                format!("screen id '{id}' is already used by screen #{first}"),
            );
        } else {
            seen.insert(id, screen.index);
        }
    }
}
