use std::collections::HashSet;

use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::has_navigation_list;

pub static RULE: Rule = Rule {
    id: "FJ-ROUTE-GEN-ENTRY",
    level: Level::ErrorExceptIn(&[Versions::between(v(6, 3), v(7, 2))]),
    versions: Versions::ALL,
    always: false,
    summary: "without routing_model, some screen is not a navigate target",
    explain:
        "Without an endpoint the Flow starts at the screen no `navigate` action leads to. When \
every screen is the target of some navigate action there is no entry screen, and Meta rejects the \
Flow with \"Add a screen that is not used as the next screen in any of the navigate actions.\". \
The check is skipped when a NavigationList exists (6.2+) and is a warning in 6.3–7.2, where Meta's \
Builder does not run it. Remove the navigate action that leads back to the first screen.",
    help: "remove the navigate action that leads back to the first screen",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    if flow.routing_model.is_some() || flow.screens.is_empty() {
        return;
    }
    if ctx.at_least(6, 2) && flow.screens.iter().any(has_navigation_list) {
        return;
    }
    let targets: HashSet<&str> = flow
        .actions
        .iter()
        .filter(|a| a.name == Some("navigate"))
        .filter_map(|a| a.next_screen)
        .collect();
    let has_entry = flow
        .screens
        .iter()
        .any(|s| s.id.is_some_and(|id| !targets.contains(id)));
    if !has_entry {
        let at = flow.root.get("screens").unwrap_or(flow.root);
        sink.report(
            at,
            "no entry screen: every screen is the next screen of some navigate action",
        );
    }
}
