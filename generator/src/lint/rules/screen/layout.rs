use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{label, objects};

pub static RULE: Rule = Rule {
    id: "FJ-SCREEN-LAYOUT",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "each screen has a SingleColumnLayout `layout` with a `children` array",
    explain:
        "A screen's components live in `layout`: an object with `type` \"SingleColumnLayout\" \
(the only public layout) and a `children` array. Without it there is nothing to show; another \
layout type is refused by the schema.",
    help: "add \"layout\": {\"type\": \"SingleColumnLayout\", \"children\": [...]}",
    check,
};

const FIX_TYPE: &str = "set \"type\": \"SingleColumnLayout\"";

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in objects(ctx) {
        let name = label(screen);
        let Some(layout) = screen.node.get("layout") else {
            sink.report(screen.node, format!("screen {name} has no \"layout\""));
            continue;
        };
        if !layout.is_object() {
            sink.report(
                layout,
                format!(
                    "the layout of screen {name} is a JSON {}; it must be an object",
                    layout.type_name()
                ),
            );
            continue;
        }
        match layout.get("type") {
            None => sink.report(
                layout,
                format!("the layout of screen {name} has no \"type\""),
            ),
            Some(t) => match t.as_str() {
                Some("SingleColumnLayout") => {}
                Some(other) => sink.report_help(
                    t,
                    format!(
                        "layout type '{other}' is unknown; the only layout is 'SingleColumnLayout'"
                    ),
                    FIX_TYPE,
                ),
                None => sink.report_help(
                    t,
                    format!(
                        "the layout type is a JSON {}; it must be \"SingleColumnLayout\"",
                        t.type_name()
                    ),
                    FIX_TYPE,
                ),
            },
        }
        match layout.get("children") {
            None => sink.report(
                layout,
                format!("the layout of screen {name} has no \"children\""),
            ),
            Some(c) if c.as_array().is_none() => sink.report(
                c,
                format!(
                    "layout.children of screen {name} is a JSON {}; it must be an array",
                    c.type_name()
                ),
            ),
            Some(_) => {}
        }
        for m in layout.as_object().unwrap_or(&[]) {
            if m.key != "type" && m.key != "children" {
                sink.report(
                    &m.value,
                    format!("property '{}' is not allowed in a layout", m.key),
                );
            }
        }
    }
}
