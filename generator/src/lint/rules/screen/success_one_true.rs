use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-SUCCESS-ONE-TRUE",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "at least one terminal screen ends the Flow successfully",
    explain: "A terminal screen's `success` defaults to true. If every terminal screen sets \
`\"success\": false`, the Flow can never end successfully, which WhatsApp refuses (\"At least one \
terminal screen must have property 'success' set to true\").",
    help: "remove \"success\": false from the screen that ends the Flow normally",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let mut terminal = ctx.flow.screens.iter().filter(|s| s.terminal);
    let Some(first) = terminal.next() else { return };
    let is_false =
        |s: &crate::flow::Screen| s.node.get("success").and_then(|n| n.as_bool()) == Some(false);
    if is_false(first) && terminal.all(is_false) {
        if let Some(at) = first.node.get("success") {
            sink.report(at, "every terminal screen has \"success\": false; at least one must end the Flow successfully");
        }
    }
}
