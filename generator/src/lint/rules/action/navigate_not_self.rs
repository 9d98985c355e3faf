use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-NAVIGATE-NOT-SELF",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`navigate` does not target the current screen",
    explain:
        "A `navigate` action moves forward to another screen. Navigating to the screen the user \
is already on is rejected (\"Same screen navigation is not allowed.\"). To refresh what the \
screen shows, use `data_exchange` (the endpoint answers with the same screen) or, from 6.0, \
`update_data`.",
    help: "navigate to another screen, or use data_exchange / update_data to refresh this one",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    for action in flow.actions.iter().filter(|a| a.name == Some("navigate")) {
        let Some(target) = action.next_screen else {
            continue;
        };
        let Some(screen) = flow.screens.get(action.screen) else {
            continue;
        };
        if screen.id == Some(target) {
            let at = action
                .node
                .get("next")
                .and_then(|n| n.get("name"))
                .unwrap_or(action.node);
            sink.report(at, format!("screen '{target}' navigates to itself"));
        }
    }
}
