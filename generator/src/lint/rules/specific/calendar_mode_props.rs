use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::each_of;

pub static RULE: Rule = Rule {
    id: "FJ-CALENDAR-MODE-PROPS",
    level: Level::Error,
    versions: Versions::since(v(6, 1)),
    always: false,
    summary: "CalendarPicker title/description/min-days/max-days only in range mode",
    explain: "`title`, `description`, `min-days` and `max-days` describe the range a user picks, \
so a CalendarPicker accepts them only with \"mode\": \"range\"; in the default single mode the \
Builder refuses them (INVALID_PROPERTY_NAME_FOR_CONDITION).",
    help: "set \"mode\": \"range\", or remove the property",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, &["CalendarPicker"]) {
        let mode = c.node.get("mode");
        let single = match mode {
            None => true,
            Some(m) => m.as_str() == Some("single"),
        };
        if !single {
            continue;
        }
        for prop in ["title", "description", "min-days", "max-days"] {
            if let Some(n) = c.node.get(prop) {
                sink.report(
                    n,
                    format!(
                        "{} has `{prop}`, which is only allowed with \"mode\": \"range\"",
                        c.label()
                    ),
                );
            }
        }
    }
}
