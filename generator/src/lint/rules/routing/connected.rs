use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{cut_off, name_of, Cut};

pub static RULE: Rule = Rule {
    id: "FJ-ROUTE-CONNECTED",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "all screens are connected through routing_model",
    explain: "Taking the routes of `routing_model` in both directions, every screen must be \
reachable from the first screen in `screens`; a screen (or group of screens) with no route to the \
rest can never be shown, and Meta rejects it as \"not connected with the rest of the screens\". Add \
a route to the screen from the screen that leads to it, or remove the unused screen. A screen \
missing from the model altogether (or an empty model) is FJ-ROUTE-COVER's finding.",
    help: "add a route to this screen in routing_model (from the screen before it), or remove the screen",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    let first = name_of(flow, 0);
    for (screen, cut) in flow.screens.iter().zip(cut_off(flow)) {
        if cut == Cut::ModelDisconnected {
            sink.report(
                screen.node,
                format!("screen '{}' is not connected with the rest of the screens in the routing model (no route links it to '{first}')", name_of(flow, screen.index)),
            );
        }
    }
}
