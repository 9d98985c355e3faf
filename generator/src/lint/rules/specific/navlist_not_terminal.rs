use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-NAVLIST-NOT-TERMINAL",
    level: Level::Error,
    versions: Versions::since(v(6, 2)),
    always: false,
    summary: "no NavigationList on a terminal screen",
    explain:
        "A NavigationList leads to another screen, so it cannot sit on a terminal screen (the \
screen that ends the Flow with a Footer). Meta refuses it. Put the list on a non-terminal screen \
and end the Flow on a later one.",
    help: "move the NavigationList to a non-terminal screen",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in ctx.flow.screens.iter().filter(|s| s.terminal) {
        for c in screen.of_kind("NavigationList") {
            sink.report(
                c.node,
                format!(
                    "NavigationList on terminal screen '{}'",
                    screen.id.unwrap_or("?")
                ),
            );
        }
    }
}
