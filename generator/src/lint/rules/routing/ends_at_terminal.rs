use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{
    cut_off, given_edges, has_model, has_navigation_list, navigate_edges, short, Cut, Ids,
};

pub static RULE: Rule = Rule {
    id: "FJ-ROUTE-ENDS-AT-TERMINAL",
    level: Level::Warning,
    versions: Versions::ALL,
    always: false,
    summary: "every screen can reach a terminal screen",
    explain: "Meta's docs ask that every route ends at a terminal screen, so that the user can always \
finish the Flow. This rule follows the routes of `routing_model` (when present) and of `navigate` \
actions, and warns about each non-terminal screen from which no terminal screen can be reached. \
Meta's Builder does not check it and Meta's own templates break it with a read-only \"terms and \
conditions\" leaf screen the user leaves with the back button, hence a warning. If the screen is \
meant as a dead end, that is fine; otherwise route it onwards or make it terminal. A Flow without \
any terminal screen (FJ-TERMINAL-EXISTS) and a screen cut off from the others (the \
connectivity rules FJ-ROUTE-COVER, FJ-ROUTE-CONNECTED, FJ-ROUTE-GEN-CONNECTED) are reported there, \
not again here.",
    help: "route this screen onwards to a screen that leads to a terminal screen, or make it terminal (with a Footer)",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    let n = flow.screens.len();
    // No terminal screen at all is FJ-TERMINAL-EXISTS's one finding.
    if !flow.screens.iter().any(|t| t.terminal) {
        return;
    }
    let ids = Ids::new(flow);
    // Reverse adjacency: who leads to whom.
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut add = |from: usize, to: usize| {
        if let Some(list) = into.get_mut(to) {
            list.push(from);
        }
    };
    if has_model(flow) {
        for e in given_edges(flow, &ids) {
            add(e.from, e.to);
        }
    }
    for (from, to, _) in navigate_edges(flow, &ids) {
        add(from, to);
    }
    let mut ok = vec![false; n];
    let mut stack = Vec::new();
    let model = has_model(flow);
    for s in &flow.screens {
        // Without a routing model a NavigationList screen may lead anywhere (its items are often data).
        let anywhere = !model && has_navigation_list(s);
        if s.terminal || anywhere {
            if let Some(slot) = ok.get_mut(s.index) {
                *slot = true;
                stack.push(s.index);
            }
        }
    }
    while let Some(s) = stack.pop() {
        for &from in into.get(s).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(slot) = ok.get_mut(from) {
                if !*slot {
                    *slot = true;
                    stack.push(from);
                }
            }
        }
    }
    let cut = cut_off(flow);
    for s in &flow.screens {
        let Some(id) = s.id else { continue };
        if cut[s.index] != Cut::No {
            continue;
        }
        if !ok.get(s.index).copied().unwrap_or(true) {
            sink.report(s.node, format!("no terminal screen can be reached from screen '{}': every route from it ends at a non-terminal screen", short(id)));
        }
    }
}
