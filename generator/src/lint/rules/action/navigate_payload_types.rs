use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::mismatch;

pub static RULE: Rule = Rule {
    id: "FJ-NAVIGATE-PAYLOAD-TYPES",
    level: Level::Error,
    versions: Versions::since(v(6, 0)),
    always: false,
    summary: "`navigate` payload values fit the target screen's field types",
    explain:
        "From Flow JSON 6.0 WhatsApp checks each navigate payload value against the schema of \
the target screen's data field (\"is not matching with schema of data model field\"): a static \
value must have the declared type, a static object must carry every declared property, array \
items must fit `items`, and a `${data.…}` / `${form.…}` reference must point at a value of the \
declared type.",
    help: "make the value match the field's declared type (or change the declaration)",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    for action in flow.actions.iter().filter(|a| a.name == Some("navigate")) {
        let Some(target) = action.next_screen.and_then(|t| flow.screen(t)) else {
            continue;
        };
        let Some(here) = flow.screens.get(action.screen) else {
            continue;
        };
        let Some(members) = action.payload.and_then(Node::as_object) else {
            continue;
        };
        let id = target.id.unwrap_or_default();
        for m in members {
            let Some(schema) = target.data_field(&m.key) else {
                continue;
            };
            if let Some((at, problem)) = mismatch(flow, here, &m.value, schema, true, 0) {
                let part = if std::ptr::eq(at, &m.value) {
                    String::new()
                } else {
                    " (in part)".to_owned()
                };
                sink.report(
                    at,
                    format!("payload '{}'{part} {problem} on screen '{id}'", m.key),
                );
            }
        }
    }
}
