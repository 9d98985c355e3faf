use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{given_edges, has_model, name_of, undirected_reach, Ids};

pub static RULE: Rule = Rule {
    id: "FJ-ROUTE-CONNECTED",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "all screens are connected through routing_model",
    explain: "Taking the routes of `routing_model` in both directions, every screen must be \
reachable from the first screen in `screens`; a screen (or group of screens) with no route to the \
rest can never be shown, and Meta rejects it as \"not connected with the rest of the screens\". Add \
a route to the screen from the screen that leads to it, or remove the unused screen.",
    help: "add a route to this screen in routing_model (from the screen before it), or remove the screen",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    if !has_model(flow) || flow.screens.len() < 2 {
        return;
    }
    let ids = Ids::new(flow);
    let edges = given_edges(flow, &ids);
    let reached = undirected_reach(flow.screens.len(), 0, edges.iter().map(|e| (e.from, e.to)));
    let first = name_of(flow, 0);
    for screen in &flow.screens {
        if screen.id.is_some() && !reached.get(screen.index).copied().unwrap_or(true) {
            sink.report(
                screen.node,
                format!("screen '{}' is not connected with the rest of the screens in the routing model (no route links it to '{first}')", name_of(flow, screen.index)),
            );
        }
    }
}
