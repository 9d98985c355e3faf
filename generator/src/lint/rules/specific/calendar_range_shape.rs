use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_of, is_dynamic_node};

pub static RULE: Rule = Rule {
    id: "FJ-CALENDAR-RANGE-SHAPE",
    level: Level::Error,
    versions: Versions::since(v(6, 1)),
    always: false,
    summary: "range CalendarPicker: label/helper-text/required/init-value/error-message are {start-date, end-date} objects",
    explain: "In \"mode\": \"range\" a CalendarPicker has two fields, so `label`, `helper-text`, \
`required`, `init-value` and `error-message` are objects with the keys `start-date` and \
`end-date` (and no others; `label` needs both). In single mode the same properties are plain \
values, not objects. The Builder reports INVALID_TYPE / MISSING_CALENDAR_PICKER_RANGE_MODE_PROP.",
    help: "in range mode write e.g. \"label\": {\"start-date\": \"From\", \"end-date\": \"To\"}; in single mode a plain value",
    check,
};

const SHAPED: &[&str] = &[
    "label",
    "helper-text",
    "required",
    "init-value",
    "error-message",
];
const KEYS: &[&str] = &["start-date", "end-date"];

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, &["CalendarPicker"]) {
        let range = match c.node.get("mode") {
            None => false,
            Some(m) => match m.as_str() {
                Some("range") => true,
                Some("single") => false,
                _ => continue,
            },
        };
        for prop in SHAPED {
            let Some(n) = c.node.get(prop) else { continue };
            if range {
                range_value(c, prop, n, sink);
            } else if n.is_object() {
                sink.report(
                    n,
                    format!(
                        "{} is in single mode; `{prop}` must be a plain value, not an object",
                        c.label()
                    ),
                );
            }
        }
    }
}

fn range_value(c: &crate::flow::Component, prop: &str, n: &Node, sink: &mut Sink) {
    let Some(members) = n.as_object() else {
        if !is_dynamic_node(n) {
            sink.report(n, format!("{} is in range mode; `{prop}` must be an object with `start-date` and `end-date`", c.label()));
        }
        return;
    };
    for m in members {
        if !KEYS.contains(&m.key.as_ref()) {
            sink.report(
                &m.value,
                format!(
                    "`{}` is not allowed in `{prop}`; only `start-date` and `end-date`",
                    m.key
                ),
            );
        }
    }
    if prop == "label" {
        for key in KEYS {
            if n.get(key).is_none() {
                sink.report(
                    n,
                    format!("{} range-mode `label` has no `{key}`", c.label()),
                );
            }
        }
    }
}
