use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::has_navigation_list;

pub static RULE: Rule = Rule {
    id: "FJ-ROUTE-GEN-BRANCHES",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "without routing_model, at most 10 navigate targets per screen",
    explain: "Without a `routing_model`, WhatsApp builds one from the `navigate` actions, with the \
same limit of 10 next screens per screen; Meta rejects more with \"Reduce navigate actions for the \
screen.\". Screens holding a NavigationList are not counted. Split the choice over two screens.",
    help: "navigate to at most 10 different screens from one screen, e.g. add an intermediate choice screen",
    check,
};

const MAX: usize = 10;

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    if flow.routing_model.is_some() {
        return;
    }
    for screen in &flow.screens {
        if has_navigation_list(screen) {
            continue;
        }
        let mut targets: Vec<&str> = flow
            .actions_of(screen.index)
            .filter(|a| a.name == Some("navigate"))
            .filter_map(|a| a.next_screen)
            .collect();
        targets.sort_unstable();
        targets.dedup();
        if targets.len() > MAX {
            let id = super::common::short(screen.id.unwrap_or("?"));
            sink.report(
                screen.node,
                format!(
                    "screen '{id}' navigates to {} different screens; the limit is {MAX}",
                    targets.len()
                ),
            );
        }
    }
}
