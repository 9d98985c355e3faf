use crate::flow::json::{Node, Value};
use crate::flow::Versions;
use crate::lint::rules::util::is_blank;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-TEXT-NONBLANK",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "texts, labels and names are not blank",
    explain: "In every version the `text` of TextHeading, TextSubheading, TextBody, TextCaption, RichText \
and EmbeddedLink, every component's `label` and every `name` must contain visible characters; the \
Builder's patterns reject empty and white-space-only strings. A blank heading or link renders as \
nothing, and a blank name cannot carry a value.",
    help: "write the text, or remove the component",
    check,
};

const TEXT: [&str; 6] = [
    "TextHeading",
    "TextSubheading",
    "TextBody",
    "TextCaption",
    "RichText",
    "EmbeddedLink",
];

/// True for the properties this rule checks (FJ-STRING-NONBLANK leaves them alone).
pub fn covers(kind: Option<&str>, prop: &str) -> bool {
    prop == "name" || prop == "label" || (prop == "text" && kind.is_some_and(|k| TEXT.contains(&k)))
}

fn check(_ctx: &Context, sink: &mut Sink) {
    for screen in &_ctx.flow.screens {
        for c in &screen.components {
            let Some(members) = c.node.as_object() else {
                continue;
            };
            for m in members {
                if !covers(c.kind, &m.key) {
                    continue;
                }
                // A range CalendarPicker's `label` is an object: FJ-CALENDAR-RANGE-SHAPE.
                if c.kind == Some("CalendarPicker")
                    && m.key == "label"
                    && c.node.get("mode").and_then(Node::as_str) == Some("range")
                {
                    continue;
                }
                let kind = c.kind.unwrap_or("component");
                let mut blank = |n: &Node| {
                    if n.as_str().is_some_and(is_blank) {
                        sink.report(n, format!("'{}' of {kind} is blank", m.key));
                    }
                };
                match &m.value.value {
                    Value::Array(items) if m.key == "text" => items.iter().for_each(&mut blank),
                    _ => blank(&m.value),
                }
            }
        }
    }
}
