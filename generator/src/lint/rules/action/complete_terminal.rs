use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::screen_name;

pub static RULE: Rule = Rule {
    id: "FJ-COMPLETE-TERMINAL",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`complete` only on terminal screens",
    explain: "`complete` ends the Flow and sends its payload back to the business. It may only be \
used on a screen marked `\"terminal\": true` (\"On-click-action 'complete' can only be configured \
on a terminal screen.\"). Mark the screen terminal, or navigate on to a terminal screen that \
completes.",
    help: "set \"terminal\": true on this screen, or navigate to a terminal screen instead",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    for action in flow.actions.iter().filter(|a| a.name == Some("complete")) {
        let Some(screen) = flow.screens.get(action.screen) else {
            continue;
        };
        if !screen.terminal {
            let at = action.node.get("name").unwrap_or(action.node);
            sink.report(
                at,
                format!(
                    "'complete' on screen {}, which is not terminal",
                    screen_name(screen)
                ),
            );
        }
    }
}
