use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-ROUTE-BRANCHES",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "at most 10 destinations per screen in routing_model",
    explain:
        "Each screen may route to at most 10 next screens; Meta rejects more with \"Number of \
branches exceeds the max limit of 10\". The limit is per screen. Split the choice over two screens \
(for example a category screen before the detail screens).",
    help: "reduce the destinations to at most 10, e.g. by adding an intermediate choice screen",
    check,
};

const MAX: usize = 10;

fn check(ctx: &Context, sink: &mut Sink) {
    for (key, value, destinations) in ctx.flow.routes() {
        let mut distinct: Vec<&str> = destinations.iter().filter_map(|d| d.as_str()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() > MAX {
            sink.report(
                value,
                format!(
                    "screen '{}' has {} destinations; the limit is {MAX}",
                    super::common::short(key),
                    distinct.len()
                ),
            );
        }
    }
}
