use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{is_empty_model, navigate_edges, short, uncovered, Ids};

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
list it as the destination of the screen that leads to it. An empty model (`{}`) in a Flow with \
several screens is one finding, with the routes the `navigate` actions suggest; the routes from \
and to a missing screen are then not reported again by FJ-ROUTE-CONNECTED or \
FJ-ROUTE-NAVIGATE-COVERED.",
    help: "add the screen to routing_model as a key (\"ID\": [...]) and as a destination of the screen before it",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    let Some(model) = flow.routing_model else {
        return;
    };
    // The navigate actions' routes, per source screen, for the help line.
    let ids = Ids::new(flow);
    let mut targets: Vec<Vec<usize>> = vec![Vec::new(); flow.screens.len()];
    for (from, to, _) in navigate_edges(flow, &ids) {
        if from != to && !targets[from].contains(&to) {
            targets[from].push(to);
        }
    }
    let entry = |from: usize| {
        let to: Vec<String> = targets[from]
            .iter()
            .map(|&t| format!("\"{}\"", super::common::name_of(flow, t)))
            .collect();
        format!(
            "\"{}\": [{}]",
            super::common::name_of(flow, from),
            to.join(", ")
        )
    };
    if is_empty_model(flow) {
        let routes: Vec<String> = (0..flow.screens.len())
            .filter(|&i| !targets[i].is_empty())
            .map(entry)
            .collect();
        let help = if routes.is_empty() {
            "list each screen's forward destinations: \"routing_model\": {\"FIRST\": [\"NEXT\"], …}"
                .to_owned()
        } else {
            format!(
                "list each screen's forward destinations; from the navigate actions: \"routing_model\": {{{}}}",
                routes.join(", ")
            )
        };
        sink.report_help(
            model,
            format!(
                "routing_model is empty, but the Flow has {} screens: every non-terminal screen must appear in it",
                flow.screens.len()
            ),
            help,
        );
        return;
    }
    for (screen, missing) in flow.screens.iter().zip(uncovered(flow)) {
        let Some(id) = screen.id.filter(|_| missing) else {
            continue;
        };
        let message = format!("screen '{}' is missing in the routing model (it is neither a key nor a destination, and not terminal)", short(id));
        if targets[screen.index].is_empty() {
            sink.report(screen.node, message);
        } else {
            let help = format!(
                "add {} to routing_model (its navigate actions' routes), and list '{}' as a destination of the screen before it",
                entry(screen.index),
                short(id)
            );
            sink.report_help(screen.node, message, help);
        }
    }
}
