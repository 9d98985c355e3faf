use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

/// Most screens one Flow may have (MAX_SCREENS_NUMBER).
pub const MAX_SCREENS: usize = 100;

pub static RULE: Rule = Rule {
    id: "FJ-SCREENS-MAX",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "at most 100 screens",
    explain:
        "WhatsApp limits a Flow to 100 screens (MAX_SCREENS_NUMBER). Longer journeys should be \
split into several Flows, or screens with the same layout merged and filled with data from the \
endpoint or a navigate payload.",
    help: "merge similar screens or split the Flow",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(screens) = ctx.flow.root.get("screens") else {
        return;
    };
    let count = screens.as_array().map_or(0, <[_]>::len);
    if count > MAX_SCREENS {
        let at = screens
            .as_array()
            .and_then(|s| s.get(MAX_SCREENS))
            .unwrap_or(screens);
        sink.report(
            at,
            format!("the Flow has {count} screens; the limit is {MAX_SCREENS}"),
        );
    }
}
