use crate::flow::Versions;
use crate::lint::rules::util::quoted;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::fields;

pub static RULE: Rule = Rule {
    id: "FJ-NAVIGATE-PAYLOAD-DECLARED",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`navigate` payload keys are declared in the target screen's data",
    explain:
        "A `navigate` payload becomes the data of the next screen, so each of its keys must be \
a field declared in the target screen's `data` (a target without `data` takes an empty payload). \
WhatsApp rejects other keys (\"missing in the next screen's data model\"). Declare the field on \
the target screen, or drop it from the payload.",
    help: "declare the key in the target screen's `data`, or remove it from the payload",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    for action in flow.actions.iter().filter(|a| a.name == Some("navigate")) {
        let Some(target) = action.next_screen.and_then(|t| flow.screen(t)) else {
            continue;
        };
        let Some(payload) = action.payload else {
            continue;
        };
        let Some(members) = payload.as_object() else {
            sink.report(
                payload,
                format!(
                    "navigate 'payload' must be an object, found {}",
                    payload.type_name()
                ),
            );
            continue;
        };
        let declared: Vec<&str> = fields(target).map(|(k, _)| k).collect();
        let id = target.id.unwrap_or_default();
        for m in members
            .iter()
            .filter(|m| !declared.contains(&m.key.as_ref()))
        {
            let help = if declared.is_empty() {
                format!(
                    "screen '{id}' declares no data: add \"{}\" to its `data`, or remove it here",
                    m.key
                )
            } else {
                format!(
                    "screen '{id}' declares {}; add \"{}\" there or remove it here",
                    quoted(&declared),
                    m.key
                )
            };
            sink.report_help(
                &m.value,
                format!(
                    "payload key '{}' is not declared in the data of screen '{id}'",
                    m.key
                ),
                help,
            );
        }
    }
}
