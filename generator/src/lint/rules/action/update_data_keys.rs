use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{mismatch, screen_name};

pub static RULE: Rule = Rule {
    id: "FJ-UPDATE-DATA-KEYS",
    level: Level::Error,
    versions: Versions::since(v(6, 0)),
    always: false,
    summary: "`update_data` sets fields declared in the current screen's data, with fitting values",
    explain: "`update_data` (6.0+) changes the current screen's data in place. Each payload key \
must be a field declared in that screen's `data` (\"Following fields are missing in the screen … \
data model\"), and its value must fit the field's declared type — a static value of that type or \
a reference to one (INVALID_UPDATE_DATA_ACTION_PAYLOAD).",
    help: "declare the field in this screen's `data` (or fix the key), with a value of its type",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    for action in flow
        .actions
        .iter()
        .filter(|a| a.name == Some("update_data"))
    {
        let Some(here) = flow.screens.get(action.screen) else {
            continue;
        };
        let Some(members) = action.payload.and_then(Node::as_object) else {
            continue;
        };
        for m in members {
            let Some(schema) = here.data_field(&m.key) else {
                sink.report(
                    &m.value,
                    format!(
                        "update_data sets '{}', which screen {} does not declare in its data",
                        m.key,
                        screen_name(here)
                    ),
                );
                continue;
            };
            if let Some((at, problem)) = mismatch(flow, here, &m.value, schema, false, 0) {
                sink.report(at, format!("update_data value for '{}' {problem}", m.key));
            }
        }
    }
}
