use crate::flow::{ActionSite, Versions};
use crate::lint::{Context, Level, Rule, Sink};

use super::common::site_label;

pub static RULE: Rule = Rule {
    id: "FJ-NAVIGATE-NEXT",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`navigate` has `next: {type, name}`, other actions have no `next`",
    explain: "A `navigate` action says where to go in `next`, an object with exactly two keys: \
`type` (\"screen\") and `name` (the target screen id as a string). `next` is required for \
`navigate` and not allowed on any other action. WhatsApp's schema rejects both a missing and a \
superfluous `next`.",
    help:
        "write \"next\": { \"type\": \"screen\", \"name\": \"SCREEN_ID\" } on navigate actions only",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    for action in &flow.actions {
        let Some(name) = action.name else { continue };
        let next = action.node.get("next");
        if name != "navigate" {
            // On selection actions FJ-ACTION-SELECT-SHAPE reports every extra key.
            if let Some(next) = next.filter(|_| action.site == ActionSite::OnClick) {
                sink.report_help(
                    next,
                    format!("'{name}' takes no 'next'; only navigate does"),
                    "remove 'next'",
                );
            }
            continue;
        }
        let Some(next) = next else {
            sink.report(
                action.node,
                format!("navigate in {} has no 'next'", site_label(flow, action)),
            );
            continue;
        };
        let Some(members) = next.as_object() else {
            sink.report(
                next,
                format!("'next' must be an object, found {}", next.type_name()),
            );
            continue;
        };
        match next.get("name") {
            None => sink.report(next, "'next' has no 'name' (the target screen id)"),
            Some(n) if n.as_str().is_none() => sink.report(
                n,
                format!("'next.name' must be a string, found {}", n.type_name()),
            ),
            Some(_) => {}
        }
        if next.get("type").is_none() {
            sink.report_help(next, "'next' has no 'type'", "add \"type\": \"screen\"");
        }
        for m in members
            .iter()
            .filter(|m| m.key != "type" && m.key != "name")
        {
            sink.report_help(
                &m.value,
                format!(
                    "'{}' is not allowed in 'next' (only 'type' and 'name')",
                    m.key
                ),
                format!("remove '{}'", m.key),
            );
        }
    }
}
