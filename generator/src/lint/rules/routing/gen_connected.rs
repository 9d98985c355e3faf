use std::collections::HashSet;

use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{has_navigation_list, name_of, navigate_edges, short, undirected_reach, Ids};

pub static RULE: Rule = Rule {
    id: "FJ-ROUTE-GEN-CONNECTED",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "without routing_model, every screen is linked by navigate actions",
    explain: "Without a `routing_model`, WhatsApp builds the screen graph from `navigate` (and \
`complete`) actions. With two or more screens, every screen must take part in it and all screens \
must be connected, taking navigate actions in either direction from the first screen; Meta rejects \
an isolated screen (\"… via navigate screen action\"). A screen holding a NavigationList counts as \
linked to every other screen. Add a navigate action that leads to the screen, or remove it.",
    help: "add a navigate action to this screen from the screen before it, or remove the screen",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    let n = flow.screens.len();
    if flow.routing_model.is_some() || n < 2 {
        return;
    }
    let ids = Ids::new(flow);
    // A NavigationList screen is linked to every other screen, so then all screens are connected.
    if flow.screens.iter().any(has_navigation_list) {
        return;
    }
    let edges: Vec<(usize, usize)> = navigate_edges(flow, &ids)
        .into_iter()
        .map(|(a, b, _)| (a, b))
        .collect();
    let reached = undirected_reach(n, 0, edges.iter().copied());
    let linked: HashSet<usize> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
    let first = name_of(flow, 0);
    for screen in &flow.screens {
        let Some(id) = screen.id.map(short) else {
            continue;
        };
        if !linked.contains(&screen.index) {
            sink.report(
                screen.node,
                format!(
                    "screen '{id}' is not linked to any other screen via navigate screen action"
                ),
            );
        } else if !reached.get(screen.index).copied().unwrap_or(true) {
            sink.report(
                screen.node,
                format!("screen '{id}' is not connected to '{first}' via navigate screen actions"),
            );
        }
    }
}
