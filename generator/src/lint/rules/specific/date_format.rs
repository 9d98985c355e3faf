use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{date_values, each_of, is_date, static_str, DATE_PICKERS};

pub static RULE: Rule = Rule {
    id: "FJ-DATE-FORMAT",
    level: Level::Error,
    versions: Versions::since(v(5, 0)),
    always: false,
    summary: "literal DatePicker/CalendarPicker dates are \"YYYY-MM-DD\"",
    explain: "From Flow JSON 5.0, DatePicker and CalendarPicker dates (`min-date`, `max-date`, \
`unavailable-dates`, `init-value`) are strings of the form \"YYYY-MM-DD\"; before 5.0 they were \
millisecond timestamps. The Builder rejects literal dates in any other format (INVALID_DATE_RANGE \
\"must be in the format\"). Bound values are not checked here.",
    help: "write dates as \"YYYY-MM-DD\", e.g. \"2025-03-31\"",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, DATE_PICKERS) {
        for (prop, node) in date_values(c) {
            match node.as_str() {
                Some(_) if static_str(node).is_none() => {}
                Some(s) if is_date(s) => {}
                Some(s) => sink.report(
                    node,
                    format!("{} `{prop}` '{s}' is not a \"YYYY-MM-DD\" date", c.label()),
                ),
                // A min-date / max-date that is no string is FJ-COMP-PROP-TYPE's.
                None if matches!(prop, "min-date" | "max-date") => {}
                None => sink.report(
                    node,
                    format!(
                        "{} `{prop}` is a {}, not a \"YYYY-MM-DD\" string",
                        c.label(),
                        node.type_name()
                    ),
                ),
            }
        }
    }
}
