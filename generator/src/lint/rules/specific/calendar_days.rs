use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_of, is_dynamic_node, items};

pub static RULE: Rule = Rule {
    id: "FJ-CALENDAR-DAYS",
    level: Level::Error,
    versions: Versions::since(v(6, 1)),
    always: false,
    summary: "CalendarPicker include-days ⊆ Mon…Sun",
    explain: "`include-days` lists the weekdays a user may pick, each one of \"Mon\", \"Tue\", \
\"Wed\", \"Thu\", \"Fri\", \"Sat\", \"Sun\" (exactly these spellings). (`min-days` above \
`max-days`, INVALID_MIN_MAX_DAYS, is FJ-COMP-MIN-MAX's finding.)",
    help: "use the three-letter day names Mon…Sun",
    check,
};

const DAYS: &[&str] = &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, &["CalendarPicker"]) {
        for day in items(c, "include-days") {
            if is_dynamic_node(day) {
                continue;
            }
            match day.as_str() {
                Some(d) if DAYS.contains(&d) => {}
                Some(d) => sink.report(
                    day,
                    format!(
                        "{} include-days has '{d}'; days are Mon, Tue, Wed, Thu, Fri, Sat, Sun",
                        c.label()
                    ),
                ),
                None => sink.report(
                    day,
                    format!(
                        "{} include-days has a {}; days are strings such as \"Mon\"",
                        c.label(),
                        day.type_name()
                    ),
                ),
            }
        }
    }
}
