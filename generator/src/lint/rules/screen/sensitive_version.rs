use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{label, version_in};

pub static RULE: Rule = Rule {
    id: "FJ-SENSITIVE-VERSION",
    level: Level::Error,
    versions: Versions::before(v(5, 1)),
    always: false,
    summary: "no `sensitive` before Flow JSON 5.1",
    explain:
        "The screen property `sensitive` (fields masked in the completion summary) arrived with \
Flow JSON 5.1; older versions do not know it and refuse the key.",
    help: "remove \"sensitive\", or upgrade the Flow to 5.1 or newer",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(ver) = ctx.version() else { return };
    if !version_in(ctx, RULE.versions) {
        return;
    }
    for screen in &ctx.flow.screens {
        if let Some(node) = screen.node.get("sensitive") {
            sink.report(
                node,
                format!(
                    "screen {} uses \"sensitive\", which needs Flow JSON 5.1 (this Flow is {ver})",
                    label(screen)
                ),
            );
        }
    }
}
