use std::collections::HashSet;

use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{has_model, short};

pub static RULE: Rule = Rule {
    id: "FJ-ROUTE-COVER",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "every non-terminal screen appears in routing_model",
    explain: "When a Flow has a `routing_model`, each screen must take part in it: as a key (with its \
forward destinations, possibly []), as a destination of another screen, or by being a terminal screen \
(a terminal screen missing from the model counts as having no destinations). Meta rejects other \
screens with \"Following screens are missing in the routing model\". Add the screen as a key and \
list it as the destination of the screen that leads to it.",
    help: "add the screen to routing_model as a key (\"ID\": [...]) and as a destination of the screen before it",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    if !has_model(flow) {
        return;
    }
    let mut named: HashSet<&str> = HashSet::new();
    for (key, _, destinations) in flow.routes() {
        named.insert(key);
        named.extend(destinations.iter().filter_map(|d| d.as_str()));
    }
    for screen in &flow.screens {
        let Some(id) = screen.id else { continue };
        if !screen.terminal && !named.contains(id) {
            sink.report(screen.node, format!("screen '{}' is missing in the routing model (it is neither a key nor a destination, and not terminal)", short(id)));
        }
    }
}
