use std::collections::HashSet;

use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{
    has_model, has_navigation_list, is_empty_model, next_name_node, short, uncovered, Ids,
};

pub static RULE: Rule = Rule {
    id: "FJ-ROUTE-NAVIGATE-COVERED",
    level: Level::ErrorExceptIn(&[Versions::between(v(6, 3), v(7, 2))]),
    versions: Versions::ALL,
    always: false,
    summary: "every navigate action's route is listed in routing_model",
    explain: "With a `routing_model`, a `navigate` action from screen A to screen B must have the \
route A → B in the model; Meta reports \"Missing direct route from screen A to screen B\" \
otherwise. Screens holding a NavigationList are exempt. Meta's Builder skips this check for \
6.3–7.2, so it is a warning there. Add B to A's destinations. When A is missing from the model \
altogether (or the model is empty), FJ-ROUTE-COVER reports that once instead.",
    help: "add the target screen to this screen's destinations in routing_model",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    if !has_model(flow) || is_empty_model(flow) {
        return;
    }
    let ids = Ids::new(flow);
    let missing = uncovered(flow);
    let mut listed: HashSet<(&str, &str)> = HashSet::new();
    for (key, _, destinations) in flow.routes() {
        listed.extend(
            destinations
                .iter()
                .filter_map(|d| d.as_str())
                .map(|d| (key, d)),
        );
    }
    for action in flow.actions.iter().filter(|a| a.name == Some("navigate")) {
        let Some(screen) = flow.screens.get(action.screen) else {
            continue;
        };
        let (Some(from), Some(to)) = (screen.id, action.next_screen) else {
            continue;
        };
        if from == to
            || ids.get(to).is_none()
            || has_navigation_list(screen)
            || missing[action.screen]
        {
            continue;
        }
        if !listed.contains(&(from, to)) {
            sink.report(
                next_name_node(action.node),
                format!(
                    "missing direct route from screen '{}' to screen '{}' in the routing model",
                    short(from),
                    short(to)
                ),
            );
        }
    }
}
