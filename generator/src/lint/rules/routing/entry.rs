use std::collections::HashSet;

use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-ROUTE-ENTRY",
    level: Level::ErrorExceptIn(&[Versions::between(v(6, 3), v(7, 2))]),
    versions: Versions::ALL,
    always: false,
    summary: "routing_model has an entry screen (one with no inbound route)",
    explain: "A Flow starts somewhere: at least one screen must not be the destination of any \
route in `routing_model`. When every screen has an inbound route (typically a longer cycle such as \
A → B → C → A) Meta rejects the Flow with \"No entry screen found in the routing model\". From 7.3 a \
screen that is the target of a `navigate` action does not count as an entry either. Meta's Builder \
skips this check for 6.3–7.2, so it is a warning there. Break the cycle: remove the route that \
leads back to the first screen.",
    help: "remove the route that leads back into the first screen so that it has no inbound route",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    let Some(model) = flow.routing_model.filter(|m| m.is_object()) else {
        return;
    };
    if flow.screens.is_empty() {
        return;
    }
    let mut inbound: HashSet<&str> = HashSet::new();
    for (_, _, destinations) in flow.routes() {
        inbound.extend(destinations.iter().filter_map(|d| d.as_str()));
    }
    let strict = ctx.at_least(7, 3);
    if strict {
        inbound.extend(
            flow.actions
                .iter()
                .filter(|a| a.name == Some("navigate"))
                .filter_map(|a| a.next_screen),
        );
    }
    let has_entry = flow
        .screens
        .iter()
        .any(|s| s.id.is_some_and(|id| !inbound.contains(id)));
    if !has_entry {
        let also = if strict { " or a navigate target" } else { "" };
        sink.report(model, format!("no entry screen found in the routing model: every screen is the destination of a route{also}"));
    }
}
