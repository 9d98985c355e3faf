use crate::flow::json::Value;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::label;

pub static RULE: Rule = Rule {
    id: "FJ-SCREEN-KEYS",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "each screen is an object with only the known screen keys",
    explain: "A screen is a closed JSON object: `id`, `title`, `data`, `terminal`, `success`, \
`refresh_on_back`, `layout` and, from 5.1, `sensitive`. Any other key is refused \
(INVALID_PROPERTY_KEY) — a common slip is putting `children` directly on the screen instead of in \
`layout`. This rule also reports screens that are not objects and `terminal`, `success` and \
`refresh_on_back` values that are not booleans.",
    help: "remove the key or move it where it belongs (components go in layout.children)",
    check,
};

const KEYS: &[&str] = &[
    "id",
    "title",
    "data",
    "terminal",
    "success",
    "refresh_on_back",
    "layout",
    "sensitive",
];
const FLAGS: &[&str] = &["terminal", "success", "refresh_on_back"];

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        let Some(members) = screen.node.as_object() else {
            sink.report(
                screen.node,
                format!(
                    "screen #{} is a JSON {}, not an object",
                    screen.index,
                    screen.node.type_name()
                ),
            );
            continue;
        };
        for m in members {
            let key = m.key.as_ref();
            if !KEYS.contains(&key) {
                let help = match key {
                    "children" => "move the components into \"layout\": {\"type\": \"SingleColumnLayout\", \"children\": [...]}".to_owned(),
                    _ => RULE.help.to_owned(),
                };
                sink.report_help(
                    &m.value,
                    format!(
                        "property '{key}' is not allowed on screen {}",
                        label(screen)
                    ),
                    help,
                );
            } else if FLAGS.contains(&key) && !matches!(m.value.value, Value::Bool(_)) {
                sink.report_help(
                    &m.value,
                    format!(
                        "'{key}' on screen {} is a JSON {}; it must be true or false",
                        label(screen),
                        m.value.type_name()
                    ),
                    format!("write \"{key}\": true (without quotes)"),
                );
            }
        }
    }
}
