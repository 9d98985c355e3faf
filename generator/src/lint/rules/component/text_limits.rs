use crate::flow::components::{
    TextLimit, NAVLIST_END_LIMITS, NAVLIST_MAIN_LIMITS, NAVLIST_TAG_CHARS,
};
use crate::flow::json::{Node, Value};
use crate::flow::{Component, Versions};
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{available, chars, is_dynamic};

pub static RULE: Rule = Rule {
    id: "FJ-COMP-TEXT-LIMITS",
    level: Level::Warning,
    versions: Versions::ALL,
    always: false,
    summary: "texts stay within the documented character limits",
    explain: "The components reference documents display limits in characters, e.g. TextHeading 80, \
TextBody 4096, TextCaption 409, TextInput/TextArea/Dropdown label 20, CheckboxGroup/RadioButtonsGroup \
label 30, DatePicker label 40, OptIn label 120, EmbeddedLink 25, Footer label 35 and captions 15, \
data-source item title 30 / description 300 / metadata 20, NavigationList item texts. The Builder \
does not enforce them, and Meta's own examples exceed some, so this is a warning: longer texts may \
be cut off on the device. Only static texts are counted (not `${…}` bindings or expressions).",
    help: "shorten the text",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in &screen.components {
            let Some((spec, table)) = available(ctx, c) else {
                continue;
            };
            limits(sink, c.node, table.text_limits, c, "");
            let Some(options) = table.options else {
                continue;
            };
            let items = c
                .node
                .get(options.list)
                .and_then(Node::as_array)
                .unwrap_or(&[]);
            let label = if spec.kind == "NavigationList" {
                "list item"
            } else {
                "option"
            };
            for item in items {
                limits(sink, item, table.item_limits, c, label);
                if spec.kind == "NavigationList" {
                    if let Some(main) = item.get("main-content") {
                        limits(sink, main, NAVLIST_MAIN_LIMITS, c, "list item main-content");
                    }
                    if let Some(end) = item.get("end") {
                        limits(sink, end, NAVLIST_END_LIMITS, c, "list item end");
                    }
                    for tag in item.get("tags").and_then(Node::as_array).unwrap_or(&[]) {
                        if let Some(s) = tag.as_str().filter(|s| !is_dynamic(s)) {
                            over(sink, tag, chars(s), NAVLIST_TAG_CHARS, c, &|| {
                                "list item tag".into()
                            });
                        }
                    }
                }
            }
        }
    }
}

/// Checks the string members named in `limits` of the object `holder` (an item's `part` of
/// component `c`, or `c` itself when `part` is empty). Messages are made only for a finding.
fn limits(sink: &mut Sink, holder: &Node, limits: &[TextLimit], c: &Component, part: &str) {
    for limit in limits {
        let Some(value) = holder.get(limit.name) else {
            continue;
        };
        let name = || {
            if part.is_empty() {
                format!("'{}'", limit.name)
            } else {
                format!("{part} '{}'", limit.name)
            }
        };
        match &value.value {
            Value::String(s) if !is_dynamic(s) => {
                over(sink, value, chars(s), limit.chars, c, &name)
            }
            // TextBody/TextCaption text as an array of strings: counted together.
            Value::Array(parts) => {
                let n: usize = parts
                    .iter()
                    .filter_map(Node::as_str)
                    .filter(|s| !is_dynamic(s))
                    .map(chars)
                    .sum();
                over(sink, value, n, limit.chars, c, &name);
            }
            // CalendarPicker range mode: {"start-date": …, "end-date": …}.
            Value::Object(members) => {
                for m in members {
                    if let Some(s) = m.value.as_str().filter(|s| !is_dynamic(s)) {
                        over(sink, &m.value, chars(s), limit.chars, c, &|| {
                            format!("{} ({})", name(), m.key)
                        });
                    }
                }
            }
            _ => {}
        }
    }
}

fn over(
    sink: &mut Sink,
    at: &Node,
    n: usize,
    max: usize,
    c: &Component,
    name: &dyn Fn() -> String,
) {
    if n > max {
        sink.report(
            at,
            format!(
                "{} of {} is {n} characters; the documented limit is {max}",
                name(),
                c.label()
            ),
        );
    }
}
