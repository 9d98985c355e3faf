use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{before, each_of, version_label};

pub static RULE: Rule = Rule {
    id: "FJ-MEDIA-SIZE",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`media-size` only from 5.0, value \"regular\" or \"large\"",
    explain: "CheckboxGroup, RadioButtonsGroup and NavigationList take `media-size` (the size of \
option images) from Flow JSON 5.0. The value is the literal \"regular\" or \"large\"; the Builder \
does not accept a binding here.",
    help: "write \"media-size\": \"regular\" or \"large\" (Flow JSON 5.0+), or remove it",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(
        ctx.flow,
        &["CheckboxGroup", "RadioButtonsGroup", "NavigationList"],
    ) {
        let Some(ms) = c.node.get("media-size") else {
            continue;
        };
        if before(ctx, 5, 0) {
            sink.report(
                ms,
                format!(
                    "`media-size` needs Flow JSON 5.0 or later; this Flow is {}",
                    version_label(ctx)
                ),
            );
        } else if !matches!(ms.as_str(), Some("regular" | "large")) {
            let shown = ms
                .as_str()
                .map(|s| format!("'{s}'"))
                .unwrap_or_else(|| format!("a {}", ms.type_name()));
            sink.report(
                ms,
                format!("`media-size` is {shown}; allowed values are \"regular\" and \"large\""),
            );
        }
    }
}
