use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{date_values, each_of, is_date, static_str, DATE_PICKERS};

pub static RULE: Rule = Rule {
    id: "FJ-DATE-RANGE",
    level: Level::Error,
    versions: Versions::since(v(5, 0)),
    always: false,
    summary: "min-date ≤ max-date; unavailable dates and init-value lie inside that range",
    explain: "A DatePicker or CalendarPicker with literal `min-date` and `max-date` needs \
`min-date` on or before `max-date`, and its `unavailable-dates` and `init-value` inside \
[min-date, max-date]; the Builder reports \"must be in the range of\" otherwise. Only literal \
\"YYYY-MM-DD\" dates are compared.",
    help: "fix the dates so that min-date ≤ every other date ≤ max-date",
    check,
};

fn date<'a>(n: Option<&'a Node<'a>>) -> Option<&'a str> {
    n.and_then(static_str).filter(|s| is_date(s))
}

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, DATE_PICKERS) {
        let min_node = c.node.get("min-date");
        let max_node = c.node.get("max-date");
        let (min, max) = (date(min_node), date(max_node));
        if let (Some(lo), Some(hi), Some(at)) = (min, max, min_node) {
            if lo > hi {
                sink.report(
                    at,
                    format!("{}: min-date {lo} is after max-date {hi}", c.label()),
                );
                continue;
            }
        }
        for (prop, node) in date_values(c) {
            if prop == "min-date" || prop == "max-date" {
                continue;
            }
            let Some(d) = date(Some(node)) else { continue };
            if let Some(lo) = min.filter(|lo| d < *lo) {
                sink.report(
                    node,
                    format!("{} `{prop}` {d} is before min-date {lo}", c.label()),
                );
            } else if let Some(hi) = max.filter(|hi| d > *hi) {
                sink.report(
                    node,
                    format!("{} `{prop}` {d} is after max-date {hi}", c.label()),
                );
            }
        }
    }
}
